using MigrationHarness.Campaign;
using MigrationHarness.Exporters;
using MigrationHarness.Records;

namespace MigrationHarness.App.Runs;

/// <summary>What a finished <c>mh run</c> leaves for its summary: the report, the campaign's result, where the time went.</summary>
public sealed record RunOutcome(string RunDirectory, RunReport Report, IReadOnlyList<CaseRecord> Records, CampaignResult Result, RunTimes Times)
{
    /// <summary>The engines the run used, by name.</summary>
    public IReadOnlyList<string> Engines { get; init; } = [];

    /// <summary>Entries of <see cref="LeftForLater"/>, one line each.</summary>
    public IReadOnlyList<string> LeftForLater { get; init; } = [];

    /// <summary>What any exporter that failed said.</summary>
    public IReadOnlyList<string> ExporterProblems { get; init; } = [];

    /// <summary>Whether the infrastructure failed any case: the run is incomplete until resumed.</summary>
    public bool Incomplete => Result.InfrastructureFailures.Count > 0;
}
