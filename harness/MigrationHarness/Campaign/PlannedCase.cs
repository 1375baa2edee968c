using MigrationHarness.Builds;
using MigrationHarness.Configs;
using MigrationHarness.Scenarios;

namespace MigrationHarness.Campaign;

/// <summary>Case <see cref="Index"/> of a campaign: fully determined by the seed, the builds and the scenarios.</summary>
public sealed record PlannedCase(long Index, VmConfig Config, Scenario Scenario, IReadOnlyList<ReadyBuild> Builds)
{
    public string Id => $"c{Index:D6}";
}
