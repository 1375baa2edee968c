using MigrationHarness.Scenarios;
using MigrationHarness.Builds;
using MigrationHarness.Configs;

namespace MigrationHarness.Runner;

/// <summary>One case: a config, a scenario and the builds it runs over (oldest first), with its seed.</summary>
public sealed record CaseSpec(VmConfig Config, Scenario Scenario, IReadOnlyList<ReadyBuild> Builds)
{
    public ulong Seed { get; init; }
    public long Index { get; init; }
    public CaseFaults Faults { get; init; } = CaseFaults.None;
    public CaseLimits Limits { get; init; } = CaseLimits.Default;

    public ReadyBuild Build(string name) => Builds.First(b => b.Name == name);
}
