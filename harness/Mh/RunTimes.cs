using MigrationHarness.Results;
using MigrationHarness.Records;

namespace MigrationHarness.Cli;

/// <summary>Where a run's time went, in one line: the cases (and the worker time their confirmations took), the reproducers (and their shrinking), the whole run.</summary>
public static class RunTimes
{
    public static string Line(TimeSpan cases, IReadOnlyList<CaseRecord> records, TimeSpan reproducers, TimeSpan shrinking, TimeSpan whole)
    {
        var confirmations = TimeSpan.FromMilliseconds(records.Sum(r => r.ConfirmationMs));
        var reruns = records.Sum(r => r.Confirmations.Count);
        return $"time: cases {Text(cases)} (of which confirmations: {reruns} re-runs, {Text(confirmations)} of worker time; " +
               $"{records.Count(r => r.ConfirmedBy is not null)} cases settled by an earlier confirmation), " +
               $"reproducers {Text(reproducers)} (shrinking {Text(shrinking)}), whole run {Text(whole)}";
    }

    private static string Text(TimeSpan t) => t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s" : $"{t.TotalSeconds:0}s";
}
