namespace MigrationHarness.Claims;

/// <summary>What testing a claim showed: held, violated (with the failing case and its reproducer), or untested.</summary>
public sealed record ClaimVerdict(Claim Claim, string Status, string MetTier, string Detail, string? Reproducer)
{
    /// <summary>Which classes of the config space the claim's cases exercised, and which they did not.</summary>
    public ClaimCoverage Coverage { get; init; } = ClaimCoverage.None;
}
