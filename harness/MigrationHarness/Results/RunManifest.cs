using MigrationHarness.Builds;
using MigrationHarness.Qemu;

namespace MigrationHarness.Results;

/// <summary><c>manifest.json</c>: how the run was made (seed, command, builds as resolved, host, accelerator, harness version).</summary>
public sealed record RunManifest(string RunId, ulong Seed, string Command, DateTimeOffset Started, IReadOnlyList<ResolvedBuild> Builds, HostFacts Host,
    string Accelerator, string HarnessVersion, IReadOnlyList<string> Scenarios, string? Shard, long? Cases, double? BudgetSeconds, int Parallel)
{
    /// <summary>The regression corpus folders replayed before the generated cases (kept so a resumed run replays the same).</summary>
    public IReadOnlyList<string> Corpus { get; init; } = [];

    /// <summary>What must match for shards to merge and a run to resume (null in manifests written before it existed).</summary>
    public RunFingerprint? Fingerprint { get; init; }

    /// <summary>The engines the cases ran on (each case names its own); empty in manifests written before runs spanned engines.</summary>
    public IReadOnlyList<EngineRecord> Engines { get; init; } = [];

    /// <summary>The known-findings baseline the run was judged against, if any (so <c>mh report</c> judges it the same).</summary>
    public string? Known { get; init; }

    /// <summary>Whether build <c>a</c> is older than build <c>b</c>, by the QEMU versions recorded here (never by the order builds were named).</summary>
    public Func<string, string, bool> OlderByVersion()
    {
        var order = Builds.OrderBy(b => b.Version).Select((b, i) => (b.Name, i)).ToDictionary(x => x.Name, x => x.i);
        return (a, b) => order.GetValueOrDefault(a) < order.GetValueOrDefault(b);
    }
}
