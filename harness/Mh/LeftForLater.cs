using MigrationHarness.Exporters;
using MigrationHarness.Results;
using MigrationHarness.Model;
using MigrationHarness.Records;

namespace MigrationHarness.Cli;

/// <summary>
/// The reproducers a run's budget had no time for: printed, and kept in the run's
/// <c>left-for-later.md</c> with the command that writes each (a replay of its first case).
/// </summary>
public static class LeftForLater
{
    public const string FileName = "left-for-later.md";

    public static void Print(RunReport report, IReadOnlyList<CaseRecord> left, string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        if (left.Count == 0)
        {
            if (File.Exists(path)) File.Delete(path);
            return;
        }
        var lines = left.Select(failure => (failure, finding: report.FindingOf(failure.Id)))
            .Select(x => $"- {x.finding?.Id ?? x.failure.Id} ({x.failure.Verdict.Name()}, case {x.failure.Id}): `{(x.finding is { } f ? report.ReplayCommand(f) : $"mh run --replay {x.failure.Index} --from {report.Directory}")}`")
            .ToArray();
        File.WriteAllText(path, "# Left for later\n\nThe run's budget ended before these reproducers were written; each command replays the finding's first case " +
                                "in a new run, confirms it, shrinks it and writes its reproducer and BUG.md.\n\n" + string.Join('\n', lines) + "\n");
        Console.WriteLine($"left for later (the budget ran out): {left.Count} reproducer(s); {Path.GetRelativePath(Environment.CurrentDirectory, path)} has the commands:");
        foreach (var line in lines) Console.WriteLine("  " + line[2..]);
    }
}
