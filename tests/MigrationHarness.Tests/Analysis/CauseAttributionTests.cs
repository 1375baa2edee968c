using MigrationHarness.Abi;
using MigrationHarness.Analysis.Causes;
using MigrationHarness.Analysis.History;
using MigrationHarness.Configs;
using MigrationHarness.Analysis.Differences;

namespace MigrationHarness.Tests.Analysis;

/// <summary>
/// Attribution of atomic differences to causes, from what QMP reported on both sides (the
/// filtered-features, vendor and QOM properties below are as this host's qemu-5.2, 7.2 and 10.0
/// report them under TCG for Haswell-v1, qemu64 and EPYC).
/// </summary>
public sealed class CauseAttributionTests
{
    private static CauseEvidence Evidence(string from, string to, string vendor = "GenuineIntel", string[]? sourceFiltered = null, string[]? destinationFiltered = null,
        PropertyDifference[]? properties = null) =>
        new("tcg", $"qemu-{from}", QemuVersion.Parse(from), $"qemu-{to}", QemuVersion.Parse(to))
        {
            SourceFiltered = sourceFiltered ?? [], DestinationFiltered = destinationFiltered ?? [], Vendor = vendor, CpuProperties = properties ?? [],
        };

    private static AbiDifference Guest(uint apic, string aspect, string from, string to) => new($"guest apic {apic} {aspect}", from, to, "");

    private static IReadOnlyList<CaseCause> Attribute(CauseEvidence evidence, params AbiDifference[] differences) =>
        CauseAttribution.Attribute(AtomicDifferences.Of(differences), evidence, UpstreamHistory.Default);

    [Fact]
    public void Avx_that_the_older_builds_TCG_filters_is_accelerator_capability_with_its_xsave_sizes_and_xcr0()
    {
        // qemu-5.2's TCG filters avx, fma, f16c, avx2 from Haswell-v1; qemu-7.2's gives them.
        var evidence = Evidence("5.2", "7.2", sourceFiltered: ["avx", "avx2", "f16c", "fma"]);
        var causes = Attribute(evidence,
            Guest(0, "cpuid 1.0 ECX", "0x07FA3223", "0x17FA3223"),      // +avx (bit 28)
            Guest(1, "cpuid 1.0 ECX", "0x07FA3223", "0x17FA3223"),
            Guest(0, "cpuid D.0 EBX", "0x00000240", "0x00000340"),      // XSAVE size grows with the AVX component
            new AbiDifference("guest apic 0 cpuid-leaf D.2", null, "present", "a leaf the source's CPUID did not answer appeared"),
            Guest(0, "xcr0", "0x0000000000000003", "0x0000000000000007"));

        var cause = Assert.Single(causes);
        Assert.Equal(CauseKind.AcceleratorCapability, cause.Kind);
        Assert.Equal("avx", cause.Key);
        Assert.Contains("qemu-5.2's TCG cannot give avx", cause.Summary);
        Assert.Equal(4, cause.Differences.Count);
    }

    [Fact]
    public void A_feature_nobody_filtered_is_unexplained()
    {
        var causes = Attribute(Evidence("7.2", "10.0"), Guest(0, "cpuid 7.0 EBX", "0x00000000", "0x00000200"));

        var cause = Assert.Single(causes);
        Assert.Equal(CauseKind.Unexplained, cause.Kind);
        Assert.Equal("CPUID.07H:EBX[9] +erms", cause.Key);
    }

    [Fact]
    public void Syscall_hidden_outside_long_mode_is_the_cpu_mode_for_an_intel_model_across_8_1_and_unexplained_for_amd()
    {
        var lost = Guest(0, "cpuid 80000001.0 EDX", "0x28100800", "0x28100000");

        Assert.Equal(CauseKind.CpuMode, Assert.Single(Attribute(Evidence("7.2", "10.0"), lost)).Kind);
        Assert.Equal(CauseKind.Unexplained, Assert.Single(Attribute(Evidence("7.2", "10.0", vendor: "AuthenticAMD"), lost)).Kind);
        // Both builds after the change answer a 32-bit read the same: a difference there is not the mode's doing.
        Assert.Equal(CauseKind.Unexplained, Assert.Single(Attribute(Evidence("10.0", "11.1"), lost)).Kind);
    }

    [Fact]
    public void The_leaf_4_core_count_is_upstreams_intended_change_only_across_9_1()
    {
        var change = Guest(0, "cpuid 4.0 EAX", "0x04000121", "0x0C000121");

        var across = Assert.Single(Attribute(Evidence("7.2", "10.0"), change));
        Assert.Equal(CauseKind.IntendedChange, across.Kind);
        Assert.Equal("cpuid-04-cache-topology-from-apic-ids", across.Key);
        Assert.Equal(CauseKind.Unexplained, Assert.Single(Attribute(Evidence("10.0", "11.1"), change)).Kind);
    }

    [Fact]
    public void A_stable_backport_carries_the_change_from_its_micro_release()
    {
        var entry = UpstreamHistory.Default.Find("cpuid-01-addressable-ids")!;

        Assert.False(entry.In(QemuVersion.Parse("10.0.3")));
        Assert.True(entry.In(QemuVersion.Parse("10.0.4")));
        Assert.True(entry.In(QemuVersion.Parse("10.1.0")));
        Assert.False(entry.In(QemuVersion.Parse("9.2.4")));
    }

    [Fact]
    public void A_cache_leaf_change_goes_with_the_vcpu_property_that_differs_for_the_same_machine_type()
    {
        var evidence = Evidence("10.0", "11.1", properties: [new PropertyDifference("l3-cache", "true", "false")]);
        var causes = Attribute(evidence, Guest(0, "cpuid 4.3 EAX", "0x0C004163", "0x00000000"), Guest(0, "cpuid 80000006.0 EDX", "0x01009140", "0x00000000"));

        var cause = Assert.Single(causes);
        Assert.Equal(CauseKind.MachineTypeCompat, cause.Kind);
        Assert.Equal("cpu.l3-cache", cause.Key);
        Assert.Contains("true on qemu-10.0, false on qemu-11.1", cause.Summary);
    }

    [Fact]
    public void Only_the_properties_the_compat_map_names_can_attribute_a_difference_so_a_side_reads_just_those()
    {
        // The runner reads only CompatPropertyMap.Properties of each vCPU: every other differing property must change nothing.
        AbiDifference[] differences =
        [
            Guest(0, "cpuid 4.3 EAX", "0x0C004163", "0x00000000"), Guest(0, "cpuid 1.0 EAX", "0x00000663", "0x000F06B1"),
            Guest(0, "cpuid 80000008.0 EAX", "0x00003028", "0x00003030"), Guest(0, "cpuid 1C.0 EAX", "0x00000000", "0x0000000B"),
            Guest(0, "cpuid 7.0 EBX", "0x00000000", "0x00000020"),
        ];
        PropertyDifference[] explaining = [new("l3-cache", "true", "false"), new("family", "6", "15"), new("phys-bits", "40", "48")];
        PropertyDifference[] others = [new("hv-version-id-build", "14393", "0"), new("ucode-rev", "0", "4294967296"), new("x-hv-max-vps", "-1", "0"),
            new("kvm-pv-enforce-cpuid", "false", "true"), new("avx512-bf16", "false", "true")];
        string Causes(PropertyDifference[] properties) => string.Join(" | ", Attribute(Evidence("7.2", "10.0", properties: properties), differences)
            .Select(c => $"{c.Kind} {c.Key}: {string.Join(", ", c.Differences)}"));

        Assert.Equal(Causes(explaining), Causes([.. explaining, .. others]));
        Assert.Equal(Causes([]), Causes(others));
        Assert.All(explaining, p => Assert.Contains(p.Name, CompatPropertyMap.Properties));
        Assert.All(others, p => Assert.DoesNotContain(p.Name, CompatPropertyMap.Properties));
        Assert.Contains("MachineTypeCompat cpu.l3-cache", Causes(explaining));
    }

    [Fact]
    public void Leaf_8000001dh_of_a_non_amd_cpu_taking_the_intel_cache_model_in_10_1_is_one_intended_change()
    {
        // Cascadelake-Server-v4 with xlevel raised to reach the leaf, qemu-10.0 -> qemu-11.1 at pc-i440fx-6.2, as that hop's guest read subleaf 0.
        AbiDifference[] l1d =
        [
            Guest(0, "cpuid 8000001D.0 EAX", "0x00000021", "0x00000121"), Guest(0, "cpuid 8000001D.0 EBX", "0x0040003F", "0x01C0003F"),
            Guest(0, "cpuid 8000001D.0 ECX", "0x000001FF", "0x0000003F"), Guest(0, "cpuid 8000001D.0 EDX", "0x00000000", "0x00000001"),
        ];

        var intel = Assert.Single(Attribute(Evidence("10.0", "11.1"), l1d));
        var amd = Attribute(Evidence("10.0", "11.1", vendor: "AuthenticAMD"), l1d);
        var before = Attribute(Evidence("7.2", "10.0"), l1d);
        var unknownVendor = Attribute(Evidence("10.0", "11.1", vendor: null!), l1d);

        Assert.Equal(CauseKind.IntendedChange, intel.Kind);
        Assert.Equal("cpuid-8000001d-intel-cache-model", intel.Key);
        Assert.Equal(4, intel.Differences.Count);
        Assert.All(amd, c => Assert.Equal(CauseKind.Unexplained, c.Kind));
        Assert.All(before, c => Assert.Equal(CauseKind.Unexplained, c.Kind));
        Assert.All(unknownVendor, c => Assert.Equal(CauseKind.Unexplained, c.Kind));
    }

    [Fact]
    public void A_cpu_identity_property_seen_by_qmp_is_machine_type_compat_and_takes_the_cpuid_fields_it_drives()
    {
        // qemu64-v1 at pc-i440fx-2.6: qemu-5.2 reports family 6, model 6, stepping 3; qemu-7.2 reports 15, 107, 1.
        var causes = Attribute(Evidence("5.2", "7.2"),
            new AbiDifference("cpu family", "6", "15", ""), new AbiDifference("cpu model", "6", "107", ""), new AbiDifference("cpu stepping", "3", "1", ""),
            Guest(0, "cpuid 1.0 EAX", "0x00000663", "0x000F06B1"),
            // QEMU answers 80000001H:EAX with the same signature (env->cpuid_version).
            Guest(0, "cpuid 80000001.0 EAX", "0x00000663", "0x000F06B1"));

        var cause = Assert.Single(causes);
        Assert.Equal(CauseKind.MachineTypeCompat, cause.Kind);
        Assert.Equal("cpu.family/model/stepping", cause.Key);
        Assert.Contains(cause.Differences, d => d.Contains("80000001H", StringComparison.Ordinal));
    }

    [Fact]
    public void An_msr_whose_value_changed_is_device_state_and_one_that_appeared_with_its_feature_goes_with_the_feature()
    {
        var evidence = Evidence("5.2", "7.2", sourceFiltered: ["rdpid"]);
        var causes = Attribute(evidence,
            Guest(0, "msr 0x277 IA32_PAT", "0x0007040600070406", "0x0007040600070407"),
            Guest(0, "cpuid 7.0 ECX", "0x00000000", "0x00400000"),                     // +rdpid
            Guest(0, "msr 0xC0000103 TSC_AUX", "absent", "0x0000000000000000"));

        Assert.Equal([CauseKind.AcceleratorCapability, CauseKind.DeviceState], causes.Select(c => c.Kind));
        Assert.Equal(2, causes[0].Differences.Count);
        Assert.Equal("msr 0x277 IA32_PAT value", causes[1].Key);
    }

    [Fact]
    public void Differences_of_two_causes_in_one_hop_are_two_causes()
    {
        var evidence = Evidence("5.2", "10.0", sourceFiltered: ["avx"]);
        var causes = Attribute(evidence, Guest(0, "cpuid 1.0 ECX", "0x07FA3223", "0x17FA3223"), Guest(0, "cpuid 4.0 EAX", "0x04000121", "0x0C000121"));

        Assert.Equal([CauseKind.AcceleratorCapability, CauseKind.IntendedChange], causes.Select(c => c.Kind));
    }

    [Fact]
    public void A_leaf_of_a_feature_one_side_filtered_goes_with_that_filtering_and_not_with_the_pair()
    {
        // Both sides filter arch-lbr and avx512f under TCG, yet one answers leaf 1CH and the other lists the AVX-512 state in leaf 0DH.
        var differences = new[] { Guest(0, "cpuid 1C.0 EAX", "0x00020404", "0x00000000"), Guest(0, "cpuid D.5 EAX", "0x00000000", "0x00000040") };
        var causes = Attribute(Evidence("5.2", "7.2", sourceFiltered: ["arch-lbr", "avx512f"], destinationFiltered: ["arch-lbr", "avx512f"]), differences);

        Assert.Equal(["arch-lbr leaf (1CH)", "avx512f state component"], causes.Select(c => c.Key));
        Assert.All(causes, c => Assert.Equal(CauseKind.AcceleratorCapability, c.Kind));
        // Across 11.0 upstream changed both leaves on purpose (6f2f0f76d04f, d88caf0954df): that names them better.
        var across = Attribute(Evidence("7.2", "11.1", sourceFiltered: ["arch-lbr", "avx512f"], destinationFiltered: ["arch-lbr", "avx512f"]), differences);
        Assert.Equal(["cpuid-0d-subleaves-from-ext-save-areas", "cpuid-1c-zeroed"], across.Select(c => c.Key));
    }

    [Fact]
    public void Topology_counts_that_now_span_every_die_are_upstreams_change_of_8_2_and_cmp_legacy_only_for_amd()
    {
        // -smp sockets=1,dies=2,cores=1,threads=1: qemu-7.2 counts one die, qemu-11.1 the package.
        var differences = new[]
        {
            Guest(0, "cpuid B.1 EBX", "0x00000001", "0x00000002"),
            Guest(0, "cpuid 80000008.0 ECX", "0x00000000", "0x00001001"),
            Guest(0, "cpuid 1.0 EDX", "0x078BFBFF", "0x178BFBFF"),
            Guest(0, "cpuid 80000001.0 ECX", "0x00000001", "0x00000003"),
        };

        var amd = Attribute(Evidence("7.2", "11.1", vendor: "AuthenticAMD"), differences);
        var intel = Attribute(Evidence("7.2", "11.1"), differences);

        Assert.Equal(["cpuid-cmp-legacy-per-package", "cpuid-topology-counts-per-package"], amd.Select(c => c.Key));
        Assert.Equal("CPUID.80000001H:ECX[1] +cmp-legacy", Assert.Single(intel, c => c.Kind == CauseKind.Unexplained).Key);
    }

    [Fact]
    public void Leaf_1ch_that_tcg_left_stale_before_11_0_stays_unexplained_and_is_labelled_with_the_known_bug()
    {
        // Seen between qemu-5.2 and qemu-7.2 under TCG with a model without arch-lbr: 7.2 answers leaf 1CH with stale registers.
        var cause = Assert.Single(Attribute(Evidence("5.2", "7.2"), Guest(0, "cpuid 1C.0 EAX", "0x00000000", "0x00020404"), Guest(0, "cpuid 1C.0 ECX", "0x00000000", "0x00000069")));

        Assert.Equal(CauseKind.Unexplained, cause.Kind);
        Assert.Equal("tcg-cpuid-1c-stale-registers", cause.Reference);
        Assert.Equal("tcg-cpuid-1c-stale-registers", cause.Key);
        Assert.Equal(2, cause.Differences.Count);
        Assert.Contains("fixed in 11.0.0", UpstreamHistory.Default.Find(cause.Reference!)!.Label);
    }

    [Fact]
    public void A_leaf_that_appeared_goes_with_the_maximum_subleaf_word_of_its_leaf()
    {
        // ClearwaterForest, qemu-10.0.2 → qemu-10.0.13 with the CPU pinned: leaf 7 lists one more subleaf, and the guest reads it.
        var causes = Attribute(Evidence("10.0.2", "10.0.13"),
            Guest(0, "cpuid 7.0 EAX", "0x00000001", "0x00000002"),
            new AbiDifference("guest apic 0 cpuid-leaf 7.2", null, "present", "a leaf the source's CPUID did not answer appeared"));

        var cause = Assert.Single(causes);
        Assert.Equal(CauseKind.Unexplained, cause.Kind);
        Assert.Equal("CPUID.07H:EAX[31:0] (maximum leaf-7 subleaf)", cause.Key);
        Assert.Equal(2, cause.Differences.Count);
    }

    [Fact]
    public void The_extended_maximum_and_its_automatic_floor_are_one_cause_with_the_words_of_leaf_80000000h()
    {
        // "base" with features of leaf 80000001H, qemu-7.2 → qemu-10.0 at pc-i440fx-5.2: xlevel and min-xlevel read 0 on 7.2 and
        // 0x80000001 on 10.0; with no extended range 7.2 answers leaf 80000000H as its highest basic leaf, so EBX differs too.
        var causes = Attribute(Evidence("7.2", "10.0", properties: [new PropertyDifference("min-xlevel", "0", "2147483649")]),
            new AbiDifference("cpu xlevel", "0", "2147483649", ""),
            Guest(0, "cpuid 80000000.0 EAX", "0x00000000", "0x80000001"),
            Guest(0, "cpuid 80000000.0 EBX", "0x00080000", "0x00000000"),
            new AbiDifference("guest apic 0 cpuid-leaf 80000001.0", null, "present", "a leaf the source's CPUID did not answer appeared"));

        var cause = Assert.Single(causes);
        Assert.Equal(CauseKind.MachineTypeCompat, cause.Kind);
        Assert.Equal("cpu.xlevel", cause.Key);
        Assert.Equal(4, cause.Differences.Count);
    }

    [Fact]
    public void Both_maxima_are_one_cause_with_full_cpuid_auto_level_when_it_differs()
    {
        // "base" with features off, qemu-11.1 → qemu-5.2 at pc-i440fx-5.2 (case c000236 of a campaign): QMP shows level and
        // xlevel as aspects of their own, the guest sees both maxima and the leaves they bound go, and the only property that
        // differs is full-cpuid-auto-level (absent on 11.1, true on 5.2).
        var differences = new[]
        {
            new AbiDifference("cpu level", "1", "0", ""),
            new AbiDifference("cpu xlevel", "2147483649", "0", ""),
            Guest(0, "cpuid 0.0 EAX", "0x00000001", "0x00000000"),
            new AbiDifference("guest apic 0 cpuid-leaf 1.0", "present", null, "a leaf the source's CPUID answered is gone"),
            Guest(0, "cpuid 80000000.0 EAX", "0x80000001", "0x00000000"),
            new AbiDifference("guest apic 0 cpuid-leaf 80000001.0", "present", null, "a leaf the source's CPUID answered is gone"),
        };

        var causes = Attribute(Evidence("11.1", "5.2", properties: [new PropertyDifference("full-cpuid-auto-level", null, "true")]), differences);
        var without = Attribute(Evidence("11.1", "5.2"), differences);

        var cause = Assert.Single(causes);
        Assert.Equal((CauseKind.MachineTypeCompat, "cpu.full-cpuid-auto-level"), (cause.Kind, cause.Key));
        Assert.Equal(6, cause.Differences.Count);
        Assert.Contains("(absent) on qemu-11.1, true on qemu-5.2", cause.Summary);
        // Without it, each maximum is its own property's cause, as before.
        Assert.Equal(["cpu.level", "cpu.xlevel"], without.Select(c => c.Key));
    }

    [Fact]
    public void Leaf_80000000h_words_go_with_the_maximum_when_no_property_explains_it()
    {
        var causes = Attribute(Evidence("7.2", "10.0"),
            Guest(0, "cpuid 80000000.0 EAX", "0x00000000", "0x80000001"),
            Guest(0, "cpuid 80000000.0 EBX", "0x00080000", "0x00000000"));

        var cause = Assert.Single(causes);
        Assert.Equal(CauseKind.Unexplained, cause.Kind);
        Assert.Equal(2, cause.Differences.Count);
    }

    [Fact]
    public void Extended_feature_bits_the_older_tcg_filters_are_accelerator_capability()
    {
        // qemu32 with xsaveerptr forced: 5.2's TCG filters it (80000008H:EBX bit 2); EPYC-Genoa's 80000021H:EAX bits under 10.0's TCG.
        var xsaveerptr = Attribute(Evidence("5.2", "7.2", sourceFiltered: ["xsaveerptr"]), Guest(0, "cpuid 80000008.0 EBX", "0x00000000", "0x00000004"));
        var genoa = Attribute(Evidence("10.0", "11.1", vendor: "AuthenticAMD", sourceFiltered: ["no-nested-data-bp", "null-sel-clr-base"]),
            Guest(0, "cpuid 80000021.0 EAX", "0x00000000", "0x00000041"));

        Assert.Equal(("xsaveerptr", CauseKind.AcceleratorCapability), (Assert.Single(xsaveerptr).Key, xsaveerptr[0].Kind));
        Assert.Equal(["no-nested-data-bp", "null-sel-clr-base"], genoa.Select(c => c.Key));
        Assert.All(genoa, c => Assert.Equal(CauseKind.AcceleratorCapability, c.Kind));
    }
}
