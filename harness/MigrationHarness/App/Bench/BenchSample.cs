namespace MigrationHarness.App.Bench;

/// <summary>One measured series: its wall time over all cases at once, and each case's own time.</summary>
public sealed record BenchSample(TimeSpan Total, IReadOnlyList<double> CaseMs)
{
    public double PerMinute(int cases) => cases / Total.TotalMinutes;

    /// <summary>The <paramref name="percentile"/>th percentile (nearest rank) of <paramref name="values"/>; 0 when empty.</summary>
    public static double P(IReadOnlyList<double> values, int percentile)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];
    }
}
