using MigrationHarness.Analysis.Differences;

namespace MigrationHarness.Analysis.Causes;

/// <summary>
/// Which guest-visible values a vCPU QOM property drives, so a CPUID difference goes with the
/// property (set per machine type by compat tables in hw/i386/pc.c) that differs in the same hop.
/// A property named as a feature drives that feature's bit.
/// </summary>
public static class CompatPropertyMap
{
    private static readonly Dictionary<string, Func<AtomicDifference, bool>> Drives = new(StringComparer.Ordinal)
    {
        // CPUID.01H:EAX holds the three, and QEMU answers 80000001H:EAX with the same signature (env->cpuid_version) for every vendor.
        ["family"] = Signature, ["model"] = Signature, ["stepping"] = Signature,
        ["model-id"] = a => a.Leaf is 0x80000002 or 0x80000003 or 0x80000004,
        ["vendor"] = a => a.Leaf is 0x0 or 0x80000000 && a.Register != Configs.Cpu.CpuidRegister.Eax,
        ["level"] = MaxBasic, ["min-level"] = MaxBasic, ["full-cpuid-auto-level"] = a => MaxBasic(a) || MaxExtended(a),
        ["x-intel-pt-auto-level"] = MaxBasic,
        ["xlevel"] = MaxExtended, ["min-xlevel"] = MaxExtended, ["xlevel2"] = a => a.Leaf is >= 0xC0000000 and < 0xD0000000,
        ["phys-bits"] = a => a.Leaf == 0x80000008 && a.Register == Configs.Cpu.CpuidRegister.Eax,
        ["host-phys-bits"] = a => a.Leaf == 0x80000008 && a.Register == Configs.Cpu.CpuidRegister.Eax,
        ["l3-cache"] = Cache, ["legacy-cache"] = Cache, ["host-cache-info"] = Cache, ["x-l1-cache-per-thread"] = Cache, ["x-consistent-cache"] = Cache,
        ["cpuid-0xb"] = a => a.Leaf == 0xB || MaxBasic(a),
        ["x-vendor-cpuid-only"] = a => a.Leaf is >= 0x80000000 and <= 0x80000008,
        ["pmu"] = a => a.Leaf == 0xA || (a.Leaf == 0x1 && a.Feature == "pdcm") || a.GuestRegister?.StartsWith("msr 0x3", StringComparison.Ordinal) == true,
    };

    /// <summary>
    /// The vCPU QOM properties that can explain a difference that is not itself a property or a feature bit: the only ones the
    /// attribution reads (a feature-named property drives its own bit, which the guest's and QMP's views already name).
    /// </summary>
    public static IReadOnlyCollection<string> Properties => Drives.Keys;

    public static bool DrivenBy(AtomicDifference atom, string property) =>
        atom.CpuProperty == property
        || (atom.Feature is not null && NormaliseFeature(atom.Feature) == NormaliseFeature(property))
        || (Drives.TryGetValue(property, out var drives) && drives(atom));

    // QEMU accepts "sse4.1", "sse4-1" and "sse4_1" for one feature.
    private static string NormaliseFeature(string name) => name.Replace('_', '-').Replace('.', '-');

    private static bool MaxBasic(AtomicDifference a) => a.Leaf == 0x0 && a.Register == Configs.Cpu.CpuidRegister.Eax || a.Subject.StartsWith("CPUID leaf ", StringComparison.Ordinal) && a.Leaf < 0x40000000;
    /// <summary>
    /// The extended range's maximum, which leaves of it the guest enumerates, and leaf 80000000H's other words: QEMU answers a
    /// leaf above the maximum with the highest basic leaf (as Intel documents), so 80000000H itself reads differently when the
    /// maximum crosses it.
    /// </summary>
    private static bool MaxExtended(AtomicDifference a) => a.Leaf == 0x80000000 || a.Subject.StartsWith("CPUID leaf 8", StringComparison.Ordinal);

    private static bool Signature(AtomicDifference a) => a.Leaf is 0x1 or 0x80000001 && a.Register == Configs.Cpu.CpuidRegister.Eax;
    private static bool Cache(AtomicDifference a) => a.Leaf is 0x2 or 0x4 or 0x80000005 or 0x80000006 or 0x8000001D;
}
