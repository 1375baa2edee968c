using MigrationHarness.Records;

namespace MigrationHarness.App.Runs;

/// <summary>Where a run's time went: the cases, the reproducers (and their shrinking), the whole run.</summary>
public sealed record RunTimes(TimeSpan Cases, TimeSpan Reproducers, TimeSpan Shrinking, TimeSpan Whole)
{
    /// <summary>One line, with the worker time the cases' confirmations took.</summary>
    public string Line(IReadOnlyList<CaseRecord> records)
    {
        var confirmations = TimeSpan.FromMilliseconds(records.Sum(r => r.ConfirmationMs));
        var reruns = records.Sum(r => r.Confirmations.Count);
        return $"time: cases {Text(Cases)} (of which confirmations: {reruns} re-runs, {Text(confirmations)} of worker time; " +
               $"{records.Count(r => r.ConfirmedBy is not null)} cases settled by an earlier confirmation), " +
               $"reproducers {Text(Reproducers)} (shrinking {Text(Shrinking)}), whole run {Text(Whole)}";
    }

    private static string Text(TimeSpan t) => t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s" : $"{t.TotalSeconds:0}s";
}
