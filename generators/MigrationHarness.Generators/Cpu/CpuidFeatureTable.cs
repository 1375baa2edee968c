using static MigrationHarness.Configs.Cpu.CpuidRegister;


namespace MigrationHarness.Configs.Cpu;

/// <summary>
/// CPUID feature bits by QEMU's feature names (as in QEMU's <c>target/i386/cpu.c</c> feature words).
/// Used to name the bits of a guest's CPUID dump in ABI diffs, and as the universe of features the
/// generator may toggle (intersected with what each build's probe reports).
/// </summary>
public static class CpuidFeatureTable
{
    public static readonly IReadOnlyList<CpuidFeatureBit> All = Build();

    /// <summary>
    /// Features never toggled by the generator: not settable (OS-controlled bits), or known to make
    /// a VM unstartable or unmigratable on purpose (nested virtualisation state, SGX, PT).
    /// </summary>
    public static readonly IReadOnlySet<string> NotGenerated = new HashSet<string>
    {
        "osxsave", "ospke", "hypervisor", "vmx", "svm", "sgx", "intel-pt", "pconfig", "arch-capabilities",
        "core-capability", "ht", "apic", "x2apic", "tsc-deadline", "pdcm", "monitor", "la57", "lm", "fpu",
        "pae", "msr", "tsc", "cx8", "sep", "pge", "cmov", "mmx", "fxsr", "sse", "sse2", "syscall", "nx",
        "kvmclock", "kvmclock-stable-bit", "kvm-asyncpf-int", "ia64", "pn", "tm", "tm2", "ds", "dtes64", "ds-cpl",
        "acpi", "smx", "est", "xtpr", "dca", "cid", "pbe", "mpx", "pcommit", "waitpkg", "tsx-ldtrk", "arch-lbr",
    };

    private static readonly Dictionary<string, CpuidFeatureBit> ByName = All.GroupBy(b => b.Name).ToDictionary(g => g.Key, g => g.First());

    public static CpuidFeatureBit? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>Names of the bits set in <paramref name="value"/> for one leaf/subleaf/register.</summary>
    public static IEnumerable<string> Decode(uint leaf, uint subleaf, CpuidRegister register, uint value) =>
        All.Where(b => b.Leaf == leaf && b.Subleaf == subleaf && b.Register == register && (value & (1u << b.Bit)) != 0).Select(b => b.Name);

    private static List<CpuidFeatureBit> Build()
    {
        var bits = new List<CpuidFeatureBit>();
        void Word(uint leaf, uint subleaf, CpuidRegister register, params (int Bit, string Name)[] names) =>
            bits.AddRange(names.Select(n => new CpuidFeatureBit(leaf, subleaf, register, n.Bit, n.Name)));

        Word(1, 0, Edx, (0, "fpu"), (1, "vme"), (2, "de"), (3, "pse"), (4, "tsc"), (5, "msr"), (6, "pae"), (7, "mce"), (8, "cx8"),
            (9, "apic"), (11, "sep"), (12, "mtrr"), (13, "pge"), (14, "mca"), (15, "cmov"), (16, "pat"), (17, "pse36"), (18, "pn"),
            (19, "clflush"), (21, "ds"), (22, "acpi"), (23, "mmx"), (24, "fxsr"), (25, "sse"), (26, "sse2"), (27, "ss"), (28, "ht"),
            (29, "tm"), (30, "ia64"), (31, "pbe"));
        Word(1, 0, Ecx, (0, "pni"), (1, "pclmulqdq"), (2, "dtes64"), (3, "monitor"), (4, "ds-cpl"), (5, "vmx"), (6, "smx"), (7, "est"),
            (8, "tm2"), (9, "ssse3"), (10, "cid"), (12, "fma"), (13, "cx16"), (14, "xtpr"), (15, "pdcm"), (17, "pcid"), (18, "dca"),
            (19, "sse4.1"), (20, "sse4.2"), (21, "x2apic"), (22, "movbe"), (23, "popcnt"), (24, "tsc-deadline"), (25, "aes"),
            (26, "xsave"), (27, "osxsave"), (28, "avx"), (29, "f16c"), (30, "rdrand"), (31, "hypervisor"));
        Word(7, 0, Ebx, (0, "fsgsbase"), (1, "tsc-adjust"), (2, "sgx"), (3, "bmi1"), (4, "hle"), (5, "avx2"), (7, "smep"), (8, "bmi2"),
            (9, "erms"), (10, "invpcid"), (11, "rtm"), (14, "mpx"), (16, "avx512f"), (17, "avx512dq"), (18, "rdseed"), (19, "adx"),
            (20, "smap"), (21, "avx512ifma"), (22, "pcommit"), (23, "clflushopt"), (24, "clwb"), (25, "intel-pt"), (26, "avx512pf"),
            (27, "avx512er"), (28, "avx512cd"), (29, "sha-ni"), (30, "avx512bw"), (31, "avx512vl"));
        Word(7, 0, Ecx, (1, "avx512vbmi"), (2, "umip"), (3, "pku"), (4, "ospke"), (5, "waitpkg"), (6, "avx512vbmi2"), (8, "gfni"),
            (9, "vaes"), (10, "vpclmulqdq"), (11, "avx512vnni"), (12, "avx512bitalg"), (14, "avx512-vpopcntdq"), (16, "la57"),
            (22, "rdpid"), (25, "cldemote"), (27, "movdiri"), (28, "movdir64b"));
        Word(7, 0, Edx, (2, "avx512-4vnniw"), (3, "avx512-4fmaps"), (4, "fsrm"), (8, "avx512-vp2intersect"), (10, "md-clear"),
            (14, "serialize"), (16, "tsx-ldtrk"), (18, "pconfig"), (19, "arch-lbr"), (26, "spec-ctrl"), (27, "stibp"),
            (29, "arch-capabilities"), (30, "core-capability"), (31, "ssbd"));
        Word(0xD, 1, Eax, (0, "xsaveopt"), (1, "xsavec"), (2, "xgetbv1"), (3, "xsaves"));
        Word(0x80000001, 0, Edx, (11, "syscall"), (20, "nx"), (22, "mmxext"), (25, "fxsr-opt"), (26, "pdpe1gb"), (27, "rdtscp"),
            (29, "lm"), (30, "3dnowext"), (31, "3dnow"));
        Word(0x80000001, 0, Ecx, (0, "lahf-lm"), (1, "cmp-legacy"), (2, "svm"), (3, "extapic"), (4, "cr8legacy"), (5, "abm"),
            (6, "sse4a"), (7, "misalignsse"), (8, "3dnowprefetch"), (9, "osvw"), (10, "ibs"), (11, "xop"), (12, "skinit"),
            (13, "wdt"), (15, "lwp"), (16, "fma4"), (17, "tce"), (19, "nodeid-msr"), (21, "tbm"), (22, "topoext"),
            (23, "perfctr-core"), (24, "perfctr-nb"));
        Word(0x80000008, 0, Ebx, (0, "clzero"), (2, "xsaveerptr"), (9, "wbnoinvd"), (12, "ibpb"), (14, "ibrs"), (15, "amd-stibp"),
            (17, "stibp-always-on"), (24, "amd-ssbd"), (25, "virt-ssbd"), (26, "amd-no-ssb"), (28, "amd-psfd"));
        Word(0x80000021, 0, Eax, (0, "no-nested-data-bp"), (1, "fs-gs-base-ns"), (2, "lfence-always-serializing"), (6, "null-sel-clr-base"),
            (8, "auto-ibrs"), (20, "prefetchi"), (24, "eraps"), (27, "sbpb"), (28, "ibpb-brtype"), (29, "srso-no"), (30, "srso-user-kernel-no"));
        Word(0x40000001, 0, Eax, (0, "kvmclock"), (1, "kvm-nopiodelay"), (2, "kvm-mmu"), (4, "kvm-asyncpf"), (5, "kvm-steal-time"),
            (6, "kvm-pv-eoi"), (7, "kvm-pv-unhalt"), (9, "kvm-pv-tlb-flush"), (10, "kvm-asyncpf-vmexit"), (11, "kvm-pv-ipi"),
            (12, "kvm-poll-control"), (13, "kvm-pv-sched-yield"), (14, "kvm-asyncpf-int"), (15, "kvm-msi-ext-dest-id"),
            (24, "kvmclock-stable-bit"));
        return bits;
    }
}
