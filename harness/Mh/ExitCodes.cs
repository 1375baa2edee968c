namespace MigrationHarness.Cli;

/// <summary>The documented exit codes of <c>mh</c>.</summary>
public static class ExitCodes
{
    /// <summary>Every expectation met.</summary>
    public const int Success = 0;
    /// <summary>An expectation or claim was violated: a migration bug was found.</summary>
    public const int ExpectationViolated = 1;
    /// <summary>Bad input or usage.</summary>
    public const int BadInput = 2;
    /// <summary>The infrastructure failed (Docker, disk, the harness itself); nothing was judged.</summary>
    public const int Infrastructure = 3;
    /// <summary>The run judged nothing: every case was not applicable on this host (or there were none).</summary>
    public const int NothingJudged = 4;
    /// <summary>Interrupted by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
