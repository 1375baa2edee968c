using System.Collections.Immutable;
using MigrationHarness.Configs;

namespace MigrationHarness.Scenarios;

/// <summary>
/// Steps over builds, as behaviour: which migrations happen in which order (<see cref="Hops"/>),
/// what the config becomes before the first start (<see cref="Prepare"/>), how the destination
/// spells it (<see cref="RespellAsync"/>), and what the scenario expects. The guest runs on the
/// source either way; <see cref="Guest"/> says whether it keeps running while it migrates. A new
/// scenario is one file here and one line in <see cref="ScenarioCatalog"/>. Builds are given oldest first.
/// </summary>
public abstract record Scenario(GuestMode Guest)
{
    /// <summary>The kebab-case kind in names and files ("forward", "round-trip").</summary>
    public abstract string Kind { get; }

    /// <summary>The spelling part of the name, for scenarios that write the destination differently.</summary>
    public virtual string? Spelling => null;

    /// <summary>What the scenario expects of a hop, when it expects something other than a pass.</summary>
    public virtual ExpectedOutcome Expected => ExpectedOutcome.Pass;

    /// <summary>True when the scenario goes over every build of the campaign, not one pair.</summary>
    public virtual bool SpansAllBuilds => false;

    /// <summary>A short stable name, e.g. "round-trip/running" or "equivalent-spelling/cpu-alias/paused".</summary>
    public string Name => string.Join('/', new[] { Kind, Spelling, Guest == GuestMode.Paused ? "paused" : "running" }.Where(p => p is not null));

    /// <summary>The migrations this scenario makes between <paramref name="builds"/> (a pair for most kinds; any number for a chain).</summary>
    public ImmutableArray<Hop> Hops(IReadOnlyList<string> builds)
    {
        if (builds.Count < 2) throw new ArgumentException("a scenario needs at least two builds", nameof(builds));
        return HopsOver(builds);
    }

    protected abstract ImmutableArray<Hop> HopsOver(IReadOnlyList<string> builds);

    /// <summary>The config as this scenario runs it (e.g. with its DIMMs hot-plugged); applied before the first start, idempotent.</summary>
    public virtual VmConfig Prepare(VmConfig config) => config;

    /// <summary>The first destination's config: the source's, or the same guest written another way.</summary>
    public virtual Task<VmConfig> RespellAsync(VmConfig config, ICpuAliases aliases, CancellationToken cancellationToken = default) => Task.FromResult(config);

    public static Scenario Parse(string name) => ScenarioCatalog.Parse(name);

    /// <summary>The scenarios a default campaign runs.</summary>
    public static ImmutableArray<Scenario> Defaults => ScenarioCatalog.Defaults;

    public override string ToString() => Name;
}
