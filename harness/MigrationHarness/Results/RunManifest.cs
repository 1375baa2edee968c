using MigrationHarness.Builds;
using MigrationHarness.Qemu;

namespace MigrationHarness.Results;

/// <summary><c>manifest.json</c>: how the run was made (seed, command, builds as resolved, host, accelerator, harness version).</summary>
public sealed record RunManifest(string RunId, ulong Seed, string Command, DateTimeOffset Started, IReadOnlyList<ResolvedBuild> Builds, HostFacts Host,
    string Accelerator, string HarnessVersion, IReadOnlyList<string> Scenarios, string? Shard, long? Cases, double? BudgetSeconds, int Parallel)
{
    /// <summary>The regression corpus folders replayed before the generated cases (kept so a resumed run replays the same).</summary>
    public IReadOnlyList<string> Corpus { get; init; } = [];
}
