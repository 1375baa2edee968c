using MigrationHarness.Builds;
using MigrationHarness.Configs;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;

namespace MigrationHarness.Campaign;

/// <summary>
/// Case <see cref="Index"/> of a campaign: fully determined by the seed, the builds and the
/// scenarios. Negative indices are regression cases, replayed from an earlier run's reproducer.
/// </summary>
public sealed record PlannedCase(long Index, VmConfig Config, Scenario Scenario, IReadOnlyList<ReadyBuild> Builds)
{
    public string Id => Index < 0 ? $"r{-Index:D6}" : $"c{Index:D6}";

    /// <summary>The corpus entry a regression case replays; null for a generated case.</summary>
    public CorpusEntry? Origin { get; init; }
}
