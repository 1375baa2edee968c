using MigrationHarness.Results;
using MigrationHarness.Records;
namespace MigrationHarness.Campaign;

/// <summary>
/// What a campaign run did: the cases it judged (in <c>cases.jsonl</c>), the cases the
/// infrastructure failed under (kept apart, to be run again on resume), and the engines it lost.
/// </summary>
public sealed record CampaignResult(IReadOnlyList<CaseRecord> Judged, IReadOnlyList<CaseRecord> InfrastructureFailures)
{
    /// <summary>Engines taken out of the campaign by an infrastructure failure on them.</summary>
    public IReadOnlyList<string> LostEngines { get; init; } = [];

    /// <summary>How many engines the campaign started with.</summary>
    public int EngineCount { get; init; } = 1;

    /// <summary>The first infrastructure failure when it took the last engine and so stopped the campaign; null when some engine ran it to its end.</summary>
    public string? StoppedBy => InfrastructureFailures.Count > 0 && LostEngines.Count >= EngineCount ? InfrastructureFailures[0].Reason : null;
}
