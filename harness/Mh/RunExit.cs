using MigrationHarness.Exporters;
using MigrationHarness.Model;

namespace MigrationHarness.Cli;

/// <summary>The exit code a finished run earns (see <see cref="ExitCodes"/>), and the line that says why.</summary>
public static class RunExit
{
    public static int Of(RunReport report, bool stoppedByInfrastructure)
    {
        if (stoppedByInfrastructure || report.Cases.Any(r => r.Verdict == Verdict.InfraError)) return ExitCodes.Infrastructure;
        if (report.NothingJudged)
        {
            Console.WriteLine($"nothing judged: {report.Cases.Count} cases, none applicable on this host (exit {ExitCodes.NothingJudged})");
            return ExitCodes.NothingJudged;
        }
        return report.ExpectationsMet ? ExitCodes.Success : ExitCodes.ExpectationViolated;
    }
}
