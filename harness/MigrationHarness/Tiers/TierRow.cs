namespace MigrationHarness.Tiers;

/// <summary>The tier one (older, newer, machine type) met, what was expected of it, and the counts behind it.</summary>
public sealed record TierRow(string Older, string Newer, string MachineType, string Tier, string Expected, bool Met,
    int ForwardPass, int ForwardReject, int BackwardPass, int BackwardReject, int Broken, int Unsupported, IReadOnlyList<string> BrokenCases);
