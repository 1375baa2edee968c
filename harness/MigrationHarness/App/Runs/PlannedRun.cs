using MigrationHarness.Campaign;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Results;

namespace MigrationHarness.App.Runs;

/// <summary>A run planned and recorded: its campaign plan, its manifest on disk, and what shrinking needs to regenerate a case's space.</summary>
public sealed record PlannedRun(string RunDirectory, RunManifest Manifest, CampaignPlan Plan, ulong Seed)
{
    public string LogPath => Path.Combine(RunDirectory, "cases.jsonl");

    /// <summary>Capabilities by build (by build@accelerator when the run has several accelerators).</summary>
    public required IReadOnlyDictionary<string, BuildCapabilities> Capabilities { get; init; }

    /// <summary>The generation limits of the planning host, which a shrunk config must keep to.</summary>
    public required GenerationLimits Limits { get; init; }

    /// <summary>Regression-corpus entries the plan could not take, with why.</summary>
    public IReadOnlyList<(CorpusEntry Entry, string Why)> SkippedCorpus { get; init; } = [];
}
