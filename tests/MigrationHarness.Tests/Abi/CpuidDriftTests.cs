using MigrationHarness.Abi;

namespace MigrationHarness.Tests.Abi;

/// <summary>Register differences decoded into named fields and features and grouped across vCPUs and subleaves.</summary>
public sealed class CpuidDriftTests
{
    private static AbiDifference Guest(uint apic, string aspect, uint from, uint to) =>
        new($"guest apic {apic} {aspect}", CpuidAspect.Value(from), CpuidAspect.Value(to), "");

    [Fact]
    public void One_field_changed_on_every_vcpu_and_subleaf_reads_as_one_line()
    {
        var differences = (from apic in new uint[] { 0, 1, 2, 3, 4, 5 }
                           from subleaf in new uint[] { 0, 1, 2, 3 }
                           select Guest(apic, $"cpuid 4.{subleaf} EAX", 0x08000121 + subleaf, 0x0C000121 + subleaf)).ToArray();

        var groups = CpuidDrift.Decode(differences);

        var group = Assert.Single(groups);
        Assert.Equal("CPUID.04H:EAX[31:26] (cores per package − 1): 2 → 3, subleaves 0–3, 6 vCPUs", group.ToString());
        Assert.Equal("CPUID.04H:EAX[31:26] (cores per package − 1)", group.Change.Identity);
    }

    [Fact]
    public void A_feature_bit_is_named_with_its_sign_and_unnamed_bits_are_shown_raw()
    {
        var groups = CpuidDrift.Decode([new AbiDifference("cpuid 7.0 EBX", "0x00000000", "0x00000200", ""), new AbiDifference("cpuid 6.0 EAX", "0x00000000", "0x80000000", "")]);

        Assert.Equal(["CPUID.06H:EAX (bits 0x80000000): 0x00000000 → 0x80000000", "CPUID.07H:EBX[9] +erms, subleaf 0"], groups.Select(g => g.ToString()));
    }

    [Fact]
    public void Two_different_field_changes_in_one_register_are_two_groups()
    {
        // Leaf 1 EBX: the logical processor count and the CLFLUSH size both change.
        var groups = CpuidDrift.Decode([Guest(0, "cpuid 1.0 EBX", 0x00060800, 0x00080900)]);

        Assert.Equal(["CPUID.01H:EBX[15:8] (CLFLUSH line size / 8): 8 → 9, APIC 0", "CPUID.01H:EBX[23:16] (maximum logical processors per package): 6 → 8, APIC 0"],
            groups.Select(g => g.ToString()));
        Assert.NotEqual(groups[0].Change.Identity, groups[1].Change.Identity);
    }

    [Fact]
    public void Non_cpuid_differences_are_left_out()
    {
        Assert.Empty(CpuidDrift.Decode([new AbiDifference("cpu level", "13", "14", "13 → 14"), new AbiDifference("guest vcpu apic 2", "present", null, "")]));
    }

    [Fact]
    public void Each_xsave_state_component_is_named_by_its_subleaf_and_amd_cache_leaves_like_leaf_4()
    {
        // AVX-512 opmask (component 5) moves in the standard layout; AMD's L3 descriptor (8000001DH.3) gains ways.
        var groups = CpuidDrift.Decode([Guest(0, "cpuid d.5 EBX", 0x440, 0x480), Guest(0, "cpuid d.c ECX", 0x1, 0x3),
            Guest(1, "cpuid 8000001d.3 EBX", 0x03C0003F, 0x02C0003F)]);

        Assert.Equal([
            "CPUID.0DH:EBX[31:0] (XSAVE component 5 (AVX-512 opmask) offset): 1088 (0x440) → 1152 (0x480), subleaf 5, APIC 0",
            "CPUID.0DH:ECX[1] (XSAVE component 12 (CET supervisor) 64-byte aligned when compacted): 0 → 1, subleaf C, APIC 0",
            "CPUID.8000001DH:EBX[31:22] (ways − 1): 15 (0xF) → 11 (0xB), subleaf 3, APIC 1",
        ], groups.Select(g => g.ToString()));
    }
}
