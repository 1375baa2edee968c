namespace MigrationHarness.Processes;

/// <summary>What a finished host process left behind.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0;
}
