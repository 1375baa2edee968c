using MigrationHarness.Configs.Cpu;
using static MigrationHarness.Configs.Cpu.CpuidRegister;

namespace MigrationHarness.Abi;

/// <summary>
/// The named multi-bit fields of the leaves the guest reads (identity, topology, caches including
/// AMD's 8000001DH, address widths, every XSAVE state component's size and offset, performance
/// monitoring, AVX10, SVM, the hypervisor leaves). Feature bits are named by
/// <see cref="CpuidFeatureTable"/>; what neither names is shown as raw bits.
/// </summary>
public static class CpuidFieldTable
{
    // Before All, which reads it while the class initialises. The XSAVE state components the SDM names (CPUID.(EAX=0DH,ECX=i), i ≥ 2); a component it does not name is still listed by number.
    private static readonly string[] XsaveComponentNames =
    [
        "", "", "AVX (YMM_Hi128)", "MPX BNDREGS", "MPX BNDCSR", "AVX-512 opmask", "AVX-512 ZMM_Hi256", "AVX-512 Hi16_ZMM",
        "processor trace", "PKRU", "PASID", "CET user", "CET supervisor", "HDC", "user interrupts", "LBR", "HWP",
        "AMX TILECFG", "AMX TILEDATA", "APX extended GPRs",
    ];

    public static readonly IReadOnlyList<CpuidField> All =
    [
        new(0x0, 0, Eax, 0, 31, "maximum basic leaf"),
        new(0x0, 0, Ebx, 0, 31, "vendor (1 of 3)"), new(0x0, 0, Edx, 0, 31, "vendor (2 of 3)"), new(0x0, 0, Ecx, 0, 31, "vendor (3 of 3)"),
        new(0x1, 0, Eax, 0, 3, "stepping"), new(0x1, 0, Eax, 4, 7, "model"), new(0x1, 0, Eax, 8, 11, "family"),
        new(0x1, 0, Eax, 16, 19, "extended model"), new(0x1, 0, Eax, 20, 27, "extended family"),
        new(0x1, 0, Ebx, 0, 7, "brand index"), new(0x1, 0, Ebx, 8, 15, "CLFLUSH line size / 8"),
        new(0x1, 0, Ebx, 16, 23, "maximum logical processors per package"), new(0x1, 0, Ebx, 24, 31, "initial APIC ID"),
        new(0x4, null, Eax, 0, 4, "cache type"), new(0x4, null, Eax, 5, 7, "cache level"), new(0x4, null, Eax, 8, 8, "self-initialising"),
        new(0x4, null, Eax, 9, 9, "fully associative"), new(0x4, null, Eax, 14, 25, "logical processors sharing the cache − 1"),
        new(0x4, null, Eax, 26, 31, "cores per package − 1"),
        new(0x4, null, Ebx, 0, 11, "line size − 1"), new(0x4, null, Ebx, 12, 21, "line partitions − 1"), new(0x4, null, Ebx, 22, 31, "ways − 1"),
        new(0x4, null, Ecx, 0, 31, "sets − 1"),
        new(0x4, null, Edx, 0, 0, "write-back invalidate"), new(0x4, null, Edx, 1, 1, "cache inclusive"), new(0x4, null, Edx, 2, 2, "complex indexing"),
        new(0x6, 0, Ebx, 0, 3, "thermal interrupt thresholds"),
        new(0xA, 0, Eax, 0, 7, "PMU version"), new(0xA, 0, Eax, 8, 15, "general-purpose counters"), new(0xA, 0, Eax, 16, 23, "counter width"),
        new(0xA, 0, Eax, 24, 31, "EBX events length"), new(0xA, 0, Ebx, 0, 31, "unavailable events"),
        new(0xA, 0, Edx, 0, 4, "fixed counters"), new(0xA, 0, Edx, 5, 12, "fixed counter width"),
        new(0xB, null, Eax, 0, 4, "x2APIC ID shift to the next level"), new(0xB, null, Ebx, 0, 15, "logical processors at this level"),
        new(0xB, null, Ecx, 0, 7, "level number"), new(0xB, null, Ecx, 8, 15, "level type"), new(0xB, null, Edx, 0, 31, "x2APIC ID"),
        new(0x1F, null, Eax, 0, 4, "x2APIC ID shift to the next level"), new(0x1F, null, Ebx, 0, 15, "logical processors at this level"),
        new(0x1F, null, Ecx, 0, 7, "level number"), new(0x1F, null, Ecx, 8, 15, "level type"), new(0x1F, null, Edx, 0, 31, "x2APIC ID"),
        new(0xD, 0, Eax, 0, 31, "XCR0 bits supported (low)"), new(0xD, 0, Edx, 0, 31, "XCR0 bits supported (high)"),
        new(0xD, 0, Ebx, 0, 31, "XSAVE area size for enabled features"), new(0xD, 0, Ecx, 0, 31, "XSAVE area size for all features"),
        new(0xD, 1, Ebx, 0, 31, "XSAVE area size for XCR0 | IA32_XSS"),
        new(0xD, 1, Ecx, 0, 31, "IA32_XSS bits supported (low)"), new(0xD, 1, Edx, 0, 31, "IA32_XSS bits supported (high)"),
        .. XsaveComponents(),
        new(0x7, 0, Eax, 0, 31, "maximum leaf-7 subleaf"),
        new(0x14, 0, Eax, 0, 31, "maximum processor-trace subleaf"),
        new(0x24, 0, Eax, 0, 31, "maximum AVX10 subleaf"), new(0x24, 0, Ebx, 0, 7, "AVX10 version"),
        new(0x24, 0, Ebx, 16, 16, "AVX10 128-bit vectors"), new(0x24, 0, Ebx, 17, 17, "AVX10 256-bit vectors"), new(0x24, 0, Ebx, 18, 18, "AVX10 512-bit vectors"),
        new(0x40000010, 0, Eax, 0, 31, "TSC frequency (kHz)"), new(0x40000010, 0, Ebx, 0, 31, "APIC bus frequency (kHz)"),
        new(0x40000000, 0, Eax, 0, 31, "maximum hypervisor leaf"),
        new(0x40000000, 0, Ebx, 0, 31, "hypervisor signature (1 of 3)"), new(0x40000000, 0, Ecx, 0, 31, "hypervisor signature (2 of 3)"),
        new(0x40000000, 0, Edx, 0, 31, "hypervisor signature (3 of 3)"),
        new(0x80000000, 0, Eax, 0, 31, "maximum extended leaf"),
        new(0x80000001, 0, Eax, 0, 31, "extended signature"),
        new(0x80000005, 0, Ecx, 0, 7, "L1 data line size"), new(0x80000005, 0, Ecx, 8, 15, "L1 data lines per tag"),
        new(0x80000005, 0, Ecx, 16, 23, "L1 data associativity"), new(0x80000005, 0, Ecx, 24, 31, "L1 data size (KiB)"),
        new(0x80000005, 0, Edx, 0, 7, "L1 instruction line size"), new(0x80000005, 0, Edx, 8, 15, "L1 instruction lines per tag"),
        new(0x80000005, 0, Edx, 16, 23, "L1 instruction associativity"), new(0x80000005, 0, Edx, 24, 31, "L1 instruction size (KiB)"),
        new(0x80000006, 0, Ecx, 0, 7, "L2 line size"), new(0x80000006, 0, Ecx, 8, 11, "L2 lines per tag"),
        new(0x80000006, 0, Ecx, 12, 15, "L2 associativity"), new(0x80000006, 0, Ecx, 16, 31, "L2 size (KiB)"),
        new(0x80000006, 0, Edx, 0, 7, "L3 line size"), new(0x80000006, 0, Edx, 8, 11, "L3 lines per tag"),
        new(0x80000006, 0, Edx, 12, 15, "L3 associativity"), new(0x80000006, 0, Edx, 18, 31, "L3 size (512 KiB units)"),
        new(0x80000008, 0, Eax, 0, 7, "physical address bits"), new(0x80000008, 0, Eax, 8, 15, "linear address bits"),
        new(0x80000008, 0, Eax, 16, 23, "guest physical address bits"),
        new(0x80000008, 0, Ecx, 0, 7, "cores per package − 1"), new(0x80000008, 0, Ecx, 12, 15, "APIC ID size"),
        new(0x8000000A, 0, Eax, 0, 7, "SVM revision"), new(0x8000000A, 0, Ebx, 0, 31, "number of ASIDs"),
        new(0x8000001D, null, Eax, 0, 4, "cache type"), new(0x8000001D, null, Eax, 5, 7, "cache level"),
        new(0x8000001D, null, Eax, 8, 8, "self-initialising"), new(0x8000001D, null, Eax, 9, 9, "fully associative"),
        new(0x8000001D, null, Eax, 14, 25, "logical processors sharing the cache − 1"),
        new(0x8000001D, null, Ebx, 0, 11, "line size − 1"), new(0x8000001D, null, Ebx, 12, 21, "line partitions − 1"),
        new(0x8000001D, null, Ebx, 22, 31, "ways − 1"), new(0x8000001D, null, Ecx, 0, 31, "sets − 1"),
        new(0x8000001D, null, Edx, 0, 0, "write-back invalidate"), new(0x8000001D, null, Edx, 1, 1, "cache inclusive"),
        new(0x8000001E, 0, Eax, 0, 31, "extended APIC ID"), new(0x8000001E, 0, Ebx, 0, 7, "core (compute unit) ID"),
        new(0x8000001E, 0, Ebx, 8, 15, "threads per core − 1"), new(0x8000001E, 0, Ecx, 0, 7, "node ID"),
        new(0x8000001E, 0, Ecx, 8, 10, "nodes per processor − 1"),
    ];

    /// <summary>Each XSAVE state component's subleaf of leaf 0DH: its size, its offset, and where it lives.</summary>
    private static IEnumerable<CpuidField> XsaveComponents() =>
        Enumerable.Range(2, 62).SelectMany(i =>
        {
            var name = i < XsaveComponentNames.Length ? $"XSAVE component {i} ({XsaveComponentNames[i]})" : $"XSAVE component {i}";
            return new CpuidField[]
            {
                new(0xD, (uint)i, Eax, 0, 31, $"{name} size"), new(0xD, (uint)i, Ebx, 0, 31, $"{name} offset"),
                new(0xD, (uint)i, Ecx, 0, 0, $"{name} in IA32_XSS (supervisor)"), new(0xD, (uint)i, Ecx, 1, 1, $"{name} 64-byte aligned when compacted"),
            };
        });

    public static IEnumerable<CpuidField> For(uint leaf, uint subleaf, CpuidRegister register) => All.Where(f => f.AppliesTo(leaf, subleaf, register));

    /// <summary>The SDM's spelling of a leaf: <c>04H</c>, <c>8000001EH</c>.</summary>
    public static string LeafName(uint leaf) => leaf < 0x100 ? $"{leaf:X2}H" : $"{leaf:X}H";
}
