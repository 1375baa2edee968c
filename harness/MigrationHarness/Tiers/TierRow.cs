namespace MigrationHarness.Tiers;

/// <summary>The tier one (older, newer, machine type) met, what was expected of it, whether that holds, and the evidence behind it.</summary>
public sealed record TierRow(string Older, string Newer, string MachineType, SupportTier Tier, SupportTier Expected, TierStatus Status, TierEvidence Evidence)
{
    public bool Met => Status == TierStatus.Met;

    public bool Violated => Status == TierStatus.Violated;

    /// <summary>The tier as shown: "forward", or "insufficient evidence (n=2 fwd, 0 bwd configs)".</summary>
    public string Display => Tier == SupportTier.InsufficientEvidence
        ? $"insufficient evidence (n={Evidence.ForwardConfigs} fwd, {Evidence.BackwardConfigs} bwd configs)"
        : Tier.Name();

    /// <summary>The cases that make this row fall short (broken, then refused forward).</summary>
    public IReadOnlyList<string> FailingCases => Evidence.BrokenCases.Concat(Evidence.RejectCases).Distinct().ToArray();
}
