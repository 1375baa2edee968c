using System.Text.RegularExpressions;

namespace MigrationHarness.Configs.Cpu;

/// <summary>
/// Tells a CPU feature switch (<c>avx2</c>, <c>taa-no</c>) from the other boolean properties of an
/// x86 CPU object (<c>migratable</c>, <c>l3-cache</c>, <c>hv-*</c>), which change how QEMU builds the
/// CPU and are not modelled. Feature names come from QEMU's feature words; the table here names
/// the CPUID bits the harness decodes, but QEMU knows more (MSR-based ones, new extensions).
/// </summary>
public static partial class CpuFeatureNames
{
    private static readonly HashSet<string> NonFeatureProperties =
    [
        "migratable", "enforce", "check", "l3-cache", "legacy-cache", "host-phys-bits", "host-cache-info", "pmu", "kvm", "lmce",
        "full-cpuid-auto-level", "cpuid-0xb", "fill-mtrr-mask", "kvm-no-smi-migration", "kvm-pv-enforce-cpuid", "tcg-cpuid",
        "vmware-cpuid-freq", "expose-kvm", "realized", "start-powered-off", "hotplugged", "hotpluggable", "cpuid-0x1f",
        "phys-bits", "host-phys-bits-limit", "model-id", "vendor", "family", "model", "stepping", "level", "xlevel", "xlevel2",
        "min-level", "min-xlevel", "min-xlevel2", "tsc-frequency", "ucode-rev", "guest-phys-bits", "avx10-version",
    ];

    /// <summary>QEMU's alias spellings of feature properties (x86 CPUs register each under several names).</summary>
    private static readonly Dictionary<string, string> Aliases = new()
    {
        ["sse4-1"] = "sse4.1", ["sse4-2"] = "sse4.2", ["sse3"] = "pni", ["pclmuldq"] = "pclmulqdq", ["xd"] = "nx",
        ["ffxsr"] = "fxsr-opt", ["i64"] = "lm",
    };

    /// <summary>The one name of a feature: underscores become dashes, aliases their target (sse4_1 → sse4.1, sse3 → pni).</summary>
    public static string Canonical(string name)
    {
        var dashed = name.Replace('_', '-');
        return Aliases.GetValueOrDefault(dashed, dashed);
    }

    public static bool IsFeature(string name) =>
        CpuidFeatureTable.Find(name) is not null
        || (!NonFeatureProperties.Contains(name) && !name.StartsWith("hv-", StringComparison.Ordinal)
            && !name.StartsWith("x-", StringComparison.Ordinal) && Shape().IsMatch(name));

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.\-]{0,40}$")]
    private static partial Regex Shape();
}
