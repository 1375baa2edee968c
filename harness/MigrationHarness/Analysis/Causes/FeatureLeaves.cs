using MigrationHarness.Analysis.Differences;

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

    /// <summary>The feature whose state each XSAVE component (subleaf of 0DH) holds, as the SDM numbers them.</summary>
    private static readonly Dictionary<uint, string> ComponentFeatures = new()
    {
        [2] = "avx", [3] = "mpx", [4] = "mpx", [5] = "avx512f", [6] = "avx512f", [7] = "avx512f", [8] = "intel-pt", [9] = "pku",
        [11] = "cet-ss", [12] = "cet-ss", [15] = "arch-lbr", [17] = "amx-tile", [18] = "amx-tile",
    };

    /// <summary>The filtered feature (either side) whose own leaf <paramref name="atom"/> lies in, first by name, or null.</summary>
    public static (string Feature, string What)? OwnerFiltered(AtomicDifference atom, CauseEvidence evidence)
    {
        foreach (var owner in Owners.Where(o => o.InLeaf(atom)))
        {
            var filtered = evidence.SourceFiltered.Concat(evidence.DestinationFiltered).ToArray();
            // An XSAVE component's own subleaf names its feature; the totals (subleaves 0 and 1, XCR0) go with any of them.
            var feature = atom.Leaf == 0xD && atom.Subleaf is { } component && ComponentFeatures.TryGetValue(component, out var own)
                ? filtered.FirstOrDefault(f => f == own)
                : filtered.Where(owner.Owns).Order(StringComparer.Ordinal).FirstOrDefault();
            if (feature is not null) return (feature, owner.What);
        }
        return null;
    }
}
