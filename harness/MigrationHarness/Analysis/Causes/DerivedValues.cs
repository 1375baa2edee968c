using MigrationHarness.Analysis.Differences;

namespace MigrationHarness.Analysis.Causes;

/// <summary>
/// Differences that are consequences of other differences, with the features that drive them: XSAVE
/// sizes and offsets (0DH) and XCR0 follow the state components the CPU offers; a leaf's maximum
/// word, and so which leaves the guest enumerates, follows what it lists; the control register bits
/// the guest turns on follow CPUID; an MSR exists when its feature does. A derived difference goes
/// with the cause of a driving feature in the same hop.
/// </summary>
public static class DerivedValues
{
    /// <summary>Features whose state is an XSAVE component, or that change what leaf 0DH reports.</summary>
    private static readonly HashSet<string> Xsave = new(StringComparer.Ordinal)
    {
        "xsave", "xsaveopt", "xsavec", "xgetbv1", "xsaves", "avx", "mpx", "avx512f", "avx512cd", "avx512er", "avx512pf", "avx512bw", "avx512dq",
        "avx512vl", "avx512ifma", "avx512vbmi", "avx512-vpopcntdq", "avx512-4vnni", "avx512-4fmaps", "avx512vbmi2", "avx512vnni", "avx512bitalg",
        "avx512-bf16", "avx512-fp16", "pku", "intel-pt", "amx-tile", "amx-int8", "amx-bf16", "amx-fp16", "amx-complex", "arch-lbr", "xfd", "cet-ss", "cet-ibt",
    };

    /// <summary>Whether a feature's state is an XSAVE component (or changes what leaf 0DH reports).</summary>
    public static bool IsXsaveFeature(string feature) => Xsave.Contains(feature);

    /// <summary>MSRs that exist when a feature does, by index.</summary>
    private static readonly Dictionary<uint, string[]> MsrFeatures = new()
    {
        [0x10] = ["tsc"], [0x3B] = ["tsc-adjust"], [0x48] = ["spec-ctrl", "amd-ssbd", "ibrs", "amd-stibp", "virt-ssbd"], [0x49] = ["spec-ctrl", "ibpb", "amd-ssbd"],
        [0x10A] = ["arch-capabilities"], [0xCF] = ["core-capability"], [0xE1] = ["waitpkg"], [0x345] = ["pdcm"], [0x6E0] = ["tsc-deadline"],
        [0xD90] = ["mpx"], [0xDA0] = ["xsaves"], [0x1C4] = ["xfd"], [0x1C5] = ["xfd"], [0xC0000103] = ["rdtscp", "rdpid"], [0x6A0] = ["cet-ss", "cet-ibt"],
        [0x6A2] = ["cet-ss", "cet-ibt"], [0x6A4] = ["cet-ss"], [0x6A5] = ["cet-ss"], [0x6A6] = ["cet-ss"], [0x6A7] = ["cet-ss"], [0x6A8] = ["cet-ss"],
        [0xC0010117] = ["svm"], [0x3A] = ["vmx", "lmce", "sgx", "sgxlc"], [0x1B] = ["apic", "x2apic"], [0x6E1] = ["pks"],
    };

    /// <summary>
    /// Whether <paramref name="atom"/> is a consequence of a difference in <paramref name="feature"/>.
    /// Leaf maxima, leaf presence and CR4 follow any feature (which one is not recorded by the CPU).
    /// </summary>
    public static bool DrivenBy(AtomicDifference atom, string feature)
    {
        if (atom.Feature is not null) return false;
        if (atom.Leaf == 0xD) return Xsave.Contains(feature);
        if (atom.Subject.StartsWith("CPUID leaf ", StringComparison.Ordinal)) return true;
        if (atom.Leaf is { } leaf && IsMaximumWord(leaf, atom.Subleaf ?? 0, atom)) return true;
        if (atom.GuestRegister is "xcr0") return Xsave.Contains(feature);
        if (atom.GuestRegister is "cr4" or "cr0") return true;
        if (atom.GuestRegister is { } register && register.StartsWith("msr 0x", StringComparison.Ordinal)
            && uint.TryParse(register.Split(' ')[1][2..], System.Globalization.NumberStyles.HexNumber, null, out var index))
        {
            if (index is >= 0x800 and <= 0x8FF) return feature == "x2apic";
            return MsrFeatures.TryGetValue(index, out var features) && features.Contains(feature);
        }
        return false;
    }

    /// <summary>Whether a difference is one a feature difference could drive at all (so it waits for the drivers before being judged alone).</summary>
    public static bool IsDerived(AtomicDifference atom) =>
        atom.Feature is null && (atom.Leaf == 0xD || atom.Subject.StartsWith("CPUID leaf ", StringComparison.Ordinal)
                                 || (atom.Leaf is { } leaf && IsMaximumWord(leaf, atom.Subleaf ?? 0, atom))
                                 || atom.GuestRegister is "xcr0" or "cr4" or "cr0"
                                 || (atom.GuestRegister?.StartsWith("msr 0x", StringComparison.Ordinal) == true && !atom.ValueOnly));

    /// <summary>The words that say how far a leaf or a range goes: 00H:EAX, 80000000H:EAX, and the count subleaf 0 of 07H, 14H, 17H, 18H, 1DH, 20H, 24H gives in EAX.</summary>
    private static bool IsMaximumWord(uint leaf, uint subleaf, AtomicDifference atom) =>
        atom.Register == Configs.Cpu.CpuidRegister.Eax && subleaf == 0 && leaf is 0x0 or 0x80000000 or 0x7 or 0x14 or 0x17 or 0x18 or 0x1D or 0x20 or 0x24 or 0x40000000;
}
