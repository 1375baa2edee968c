namespace MigrationHarness.Tiers;

/// <summary>The support a (older, newer, machine type) triple meets (see the README: support tiers).</summary>
public enum SupportTier { Broken, CleanFailure, Forward, Bidirectional, Unsupported, Untested, InsufficientEvidence }

public static class SupportTiers
{
    public static string Name(this SupportTier tier) => tier switch
    {
        SupportTier.CleanFailure => "clean-failure",
        SupportTier.InsufficientEvidence => "insufficient-evidence",
        _ => tier.ToString().ToLowerInvariant(),
    };

    public static SupportTier Parse(string name) =>
        Enum.GetValues<SupportTier>().FirstOrDefault(t => t.Name() == name, (SupportTier)(-1)) is var t && (int)t >= 0
            ? t : throw new FormatException($"unknown tier '{name}' (bidirectional, forward, clean-failure, broken, unsupported)");

    /// <summary>Order of strength for the tiers that can be compared; unsupported, untested and insufficient evidence have none.</summary>
    public static int? Rank(this SupportTier tier) => tier switch
    {
        SupportTier.Broken => 0,
        SupportTier.CleanFailure => 1,
        SupportTier.Forward => 2,
        SupportTier.Bidirectional => 3,
        _ => null,
    };

    /// <summary>
    /// Upstream's promise: a versioned machine type migrates forward; an unversioned alias promises
    /// nothing but a clean failure (never a crash, hang or silent change).
    /// </summary>
    public static SupportTier Expected(string machineType) =>
        Configs.Capabilities.MachineTypes.IsVersioned(machineType) ? SupportTier.Forward : SupportTier.CleanFailure;

    public static bool Meets(this SupportTier met, SupportTier expected) =>
        met.Rank() is not { } m || expected.Rank() is not { } e || m >= e;
}
