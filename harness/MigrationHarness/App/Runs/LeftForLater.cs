using MigrationHarness.Exporters;
using MigrationHarness.Model;
using MigrationHarness.Records;

namespace MigrationHarness.App.Runs;

/// <summary>
/// The reproducers a run's budget had no time for, kept in the run's <c>left-for-later.md</c> with the
/// command that writes each (a replay of its first case).
/// </summary>
public static class LeftForLater
{
    public const string FileName = "left-for-later.md";

    /// <summary>Writes the file (or removes a stale one when nothing is left) and returns its entries, one line each.</summary>
    public static IReadOnlyList<string> Write(RunReport report, IReadOnlyList<CaseRecord> left, string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        if (left.Count == 0)
        {
            if (File.Exists(path)) File.Delete(path);
            return [];
        }
        var lines = left.Select(failure => (failure, finding: report.FindingOf(failure.Id)))
            .Select(x => $"{x.finding?.Id ?? x.failure.Id} ({x.failure.Verdict.Name()}, case {x.failure.Id}): `{(x.finding is { } f ? report.ReplayCommand(f) : $"mh run --replay {x.failure.Index} --from {report.Directory}")}`")
            .ToArray();
        File.WriteAllText(path, "# Left for later\n\nThe run's budget ended before these reproducers were written; each command replays the finding's first case " +
                                "in a new run, confirms it, shrinks it and writes its reproducer and BUG.md.\n\n" + string.Join('\n', lines.Select(l => "- " + l)) + "\n");
        return lines;
    }
}
