using MigrationHarness.Qemu;
using MigrationHarness.Migration;
using MigrationHarness.Model;

namespace MigrationHarness.App.Bench;

/// <summary>What <c>mh bench</c> measured: the floors, the harness on paused forward cases, the default scenario mix.</summary>
public sealed record BenchResult(string Source, string Destination, int Cases, int Workers, HostFacts Host)
{
    public required BenchSample Bare { get; init; }
    public required BenchSample GuestFloor { get; init; }
    public required BenchSample Harness { get; init; }
    public required BenchSample Mix { get; init; }
    public IReadOnlyList<Verdict> HarnessVerdicts { get; init; } = [];
    public IReadOnlyList<Verdict> MixVerdicts { get; init; } = [];
    public IReadOnlyList<string> MixScenarios { get; init; } = [];
    /// <summary>Each hop's phase timings in the harness series.</summary>
    public IReadOnlyList<PhaseTimings> Phases { get; init; } = [];
    /// <summary>Each check's time in the harness series.</summary>
    public IReadOnlyList<(string Check, double Ms)> CheckTimes { get; init; } = [];
}
