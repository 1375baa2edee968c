using MigrationHarness.Results;
using MigrationHarness.Model;
using MigrationHarness.Records;
namespace MigrationHarness.Campaign;

/// <summary>One reading of <see cref="CampaignProgress"/>.</summary>
public sealed record ProgressSnapshot(long Done, long? Planned, TimeSpan Elapsed, double? PerMinute,
    IReadOnlyList<(string Verdict, int Count)> Counts, IReadOnlyList<CaseRecord> Failures, TimeSpan? TimeLeft)
{
    /// <summary>The one-line form for logs: "12/36 cases, 24.0/min, pass 9, abi-drift 3, 3 failures, about 1 min left".</summary>
    public string Line()
    {
        var parts = new List<string> { Planned is { } p ? $"{Done}/{p} cases" : $"{Done} cases" };
        if (PerMinute is { } rate) parts.Add($"{rate:0.0}/min");
        parts.AddRange(Counts.Select(c => $"{c.Verdict} {c.Count}"));
        parts.Add(Failures.Count == 1 ? "1 failure" : $"{Failures.Count} failures");
        if (TimeLeft is { } left) parts.Add($"about {Duration(left)} left");
        return string.Join(", ", parts);
    }

    public static string Duration(TimeSpan span) =>
        span.TotalSeconds < 90 ? $"{span.TotalSeconds:0} s" : span.TotalMinutes < 90 ? $"{span.TotalMinutes:0} min" : $"{span.TotalHours:0.0} h";
}
