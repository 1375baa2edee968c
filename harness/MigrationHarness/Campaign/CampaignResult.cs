using MigrationHarness.Results;
namespace MigrationHarness.Campaign;

/// <summary>
/// What a campaign run did: the cases it judged (in <c>cases.jsonl</c>), the cases the
/// infrastructure failed under (kept apart, to be run again on resume), and why it stopped early.
/// </summary>
public sealed record CampaignResult(IReadOnlyList<CaseRecord> Judged, IReadOnlyList<CaseRecord> InfrastructureFailures)
{
    /// <summary>The first infrastructure failure, which stopped the campaign; null when it ran to its end.</summary>
    public string? StoppedBy => InfrastructureFailures.Count == 0 ? null : InfrastructureFailures[0].Reason;
}
