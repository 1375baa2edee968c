namespace MigrationHarness.Migration;

/// <summary>Where the time of one migration went; the benchmark reports percentiles of each phase.</summary>
public sealed record PhaseTimings(TimeSpan Containers, TimeSpan SourceStart, TimeSpan DestinationStart, TimeSpan Migrate,
    TimeSpan Checks, TimeSpan Teardown)
{
    public static readonly PhaseTimings Zero = new(default, default, default, default, default, default);
    public TimeSpan Total => Containers + SourceStart + DestinationStart + Migrate + Checks + Teardown;

    public override string ToString() =>
        $"containers {Ms(Containers)}, source start {Ms(SourceStart)}, destination start {Ms(DestinationStart)}, " +
        $"migrate {Ms(Migrate)}, checks {Ms(Checks)}, teardown {Ms(Teardown)}; total {Ms(Total)}";

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:0} ms";
}
