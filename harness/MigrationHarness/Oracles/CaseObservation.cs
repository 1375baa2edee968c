namespace MigrationHarness.Oracles;

/// <summary>Everything a case did: why it could not start, or each hop it made.</summary>
public sealed record CaseObservation(string? NotApplicableReason, string? InfrastructureError, IReadOnlyList<HopObservation> Hops, SideEvidence? FirstSource)
{
    public static CaseObservation NotApplicable(string reason, SideEvidence? source) => new(reason, null, [], source);

    /// <summary>What the first source's CPU refused when the guest turned features on: the guest came up without them.</summary>
    public IReadOnlyList<string> GuestRefused { get; init; } = [];
    public static CaseObservation Infrastructure(string error) => new(null, error, [], null);
}
