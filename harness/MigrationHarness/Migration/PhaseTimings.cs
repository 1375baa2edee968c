namespace MigrationHarness.Migration;

/// <summary>
/// Where the time of one migration went; the benchmark reports percentiles of each phase. Source and
/// destination start concurrently, so <see cref="QemuStart"/> is the wall time of both, and the
/// per-side start times are details inside it.
/// </summary>
public sealed record PhaseTimings(TimeSpan Containers, TimeSpan QemuStart, TimeSpan Migrate, TimeSpan Checks, TimeSpan Teardown)
{
    public static readonly PhaseTimings Zero = new(default, default, default, default, default);

    public TimeSpan SourceStart { get; init; }
    public TimeSpan DestinationStart { get; init; }

    public TimeSpan Total => Containers + QemuStart + Migrate + Checks + Teardown;

    public override string ToString() =>
        $"containers {Ms(Containers)}, qemu start {Ms(QemuStart)} (source {Ms(SourceStart)}, destination {Ms(DestinationStart)}), " +
        $"migrate {Ms(Migrate)}, checks {Ms(Checks)}, teardown {Ms(Teardown)}; total {Ms(Total)}";

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:0} ms";
}
