namespace MigrationHarness.Analysis.Causes;

/// <summary>
/// CPUID leaves that belong to one feature: the XSAVE leaf (0DH) and XCR0 to the features with
/// XSAVE state, 1CH to architectural LBR, 14H to processor trace, 12H to SGX, 1DH/1EH to AMX, 24H to
/// AVX10. When a side's accelerator filtered the feature, what that leaf says is the filtering's doing.
/// </summary>
public static class FeatureLeaves
{
    private sealed record Owner(Func<AtomicDifference, bool> InLeaf, Func<string, bool> Owns, string What);

    private static readonly Owner[] Owners =
    [
        new(a => a.Leaf == 0xD || a.GuestRegister == "xcr0", DerivedValues.IsXsaveFeature, "state component"),
        new(a => a.Leaf == 0x1C, f => f == "arch-lbr", "leaf (1CH)"),
        new(a => a.Leaf == 0x14, f => f == "intel-pt", "leaf (14H)"),
        new(a => a.Leaf == 0x12, f => f.StartsWith("sgx", StringComparison.Ordinal), "leaf (12H)"),
        new(a => a.Leaf is 0x1D or 0x1E, f => f.StartsWith("amx", StringComparison.Ordinal), "leaves (1DH, 1EH)"),
        new(a => a.Leaf == 0x24, f => f.StartsWith("avx10", StringComparison.Ordinal), "leaf (24H)"),
    ];

    /// <summary>The filtered feature (either side) whose own leaf <paramref name="atom"/> lies in, first by name, or null.</summary>
    public static (string Feature, string What)? OwnerFiltered(AtomicDifference atom, CauseEvidence evidence)
    {
        foreach (var owner in Owners.Where(o => o.InLeaf(atom)))
        {
            var feature = evidence.SourceFiltered.Concat(evidence.DestinationFiltered).Where(owner.Owns).Order(StringComparer.Ordinal).FirstOrDefault();
            if (feature is not null) return (feature, owner.What);
        }
        return null;
    }
}
