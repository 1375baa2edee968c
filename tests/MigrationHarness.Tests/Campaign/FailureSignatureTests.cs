using MigrationHarness.Findings;
using MigrationHarness.Abi;
using MigrationHarness.Campaign;
using MigrationHarness.Checks;
using MigrationHarness.Migration;
using MigrationHarness.Oracles;
using MigrationHarness.Runner;
using MigrationHarness.Configs;
using MigrationHarness.Scenarios;
using MigrationHarness.Model;

namespace MigrationHarness.Tests.Campaign;

/// <summary>Exact signatures, from evidence of this host's runs: what failed is kept, what is incidental is blanked.</summary>
public sealed class FailureSignatureTests
{
    private static CaseOutcome Drift(params AbiDifference[] differences)
    {
        var hop = new HopObservation("qemu-7.2", "qemu-10.0", MigrationStatus.Completed, null, null, null, true,
            [new CheckResult("guest-vcpu", Verdict.AbiDrift, "drift", differences)], PhaseTimings.Zero);
        var observation = new CaseObservation(null, null, [hop], null);
        return new CaseOutcome(Oracle.Judge(observation), observation, TimeSpan.Zero);
    }

    /// <summary>A case on the default builds' qemu-7.2 → qemu-10.0 (or a given pair) for a machine type of <paramref name="family"/>.</summary>
    private static CaseSpec Spec(string family, string from = "qemu-7.2", string to = "qemu-10.0") =>
        new(VmConfig.Minimal(family == "pc-i440fx" ? "pc-i440fx-7.2" : family == "q35" ? "q35" : "pc-q35-7.2", Accelerator.Tcg), new Forward(GuestMode.Paused),
            ShardFairnessTests.DefaultBuilds().Where(b => b.Name == from || b.Name == to).ToArray());

    private static AbiDifference Guest(uint apic, string aspect, uint from, uint to) => new($"guest apic {apic} {aspect}", CpuidAspect.Value(from), CpuidAspect.Value(to), "");

    [Fact]
    public void Two_different_field_changes_on_the_same_leaf_have_different_signatures()
    {
        // Seen on this host: leaf 1 EBX's logical processor count changed (7.2 → 10.0 topology encoding); a CLFLUSH size change is another bug.
        var count = FailureSignature.Of(Drift(Guest(0, "cpuid 1.0 EBX", 0x00060800, 0x00080800)), Spec("pc-q35"));
        var clflush = FailureSignature.Of(Drift(Guest(0, "cpuid 1.0 EBX", 0x00060800, 0x00060900)), Spec("pc-q35"));

        Assert.NotEqual(count, clflush);
        // The count is upstream's intended change (4e5d58969ed6, in 10.1 and 10.0.4); the CLFLUSH size nothing explains.
        Assert.Contains("intended-change: cpuid-01-addressable-ids", count);
        Assert.Contains("unexplained: CPUID.01H:EBX[15:8]", clflush);
    }

    [Fact]
    public void The_same_field_change_on_other_vcpus_with_other_values_is_the_same_signature()
    {
        var small = FailureSignature.Of(Drift(Guest(0, "cpuid 4.0 EAX", 0x14000121, 0x1C000121)), Spec("pc-q35"));
        var large = FailureSignature.Of(Drift(Guest(2, "cpuid 4.0 EAX", 0x10000121, 0x1C000121), Guest(4, "cpuid 4.1 EAX", 0x10000122, 0x1C000122)), Spec("pc-q35"));

        Assert.Equal(small, large);
    }

    [Fact]
    public void A_feature_gained_and_the_same_feature_lost_are_different_bugs()
    {
        Assert.NotEqual(FailureSignature.Of(Drift(new AbiDifference("cpuid 7.0 EBX", "0x00000000", "0x00000200", "")), Spec("pc-q35")),
            FailureSignature.Of(Drift(new AbiDifference("cpuid 7.0 EBX", "0x00000200", "0x00000000", "")), Spec("pc-q35")));
    }

    private static CaseOutcome Lost(string from, string to)
    {
        var hop = new HopObservation(from, to, MigrationStatus.Completed, null, null, null, true,
            [new CheckResult("guest-memory", Verdict.DataLoss, "2 of 711 pages differ from what the source sent", [])], PhaseTimings.Zero);
        var observation = new CaseObservation(null, null, [hop], null);
        return new CaseOutcome(Oracle.Judge(observation), observation, TimeSpan.Zero);
    }

    [Fact]
    public void Data_loss_the_known_pre_9_0_bug_explains_is_its_own_finding_apart_from_data_loss_from_a_source_with_the_fix()
    {
        // Seen in one campaign: qemu-7.2 → qemu-10.0 lost pages (the TCG dirty-bitmap bug fixed in 9.0 by 03bfc2188f06), and so did
        // qemu-10.0 → qemu-7.2, whose source has the fix. The label of whichever ran first named both, as one finding.
        var known = CaseCauses.Of(Lost("qemu-7.2", "qemu-10.0"), Spec("pc-q35"));
        var unexplained = CaseCauses.Of(Lost("qemu-10.0", "qemu-7.2"), Spec("pc-q35") with { Scenario = new Backward(GuestMode.Running) });

        var bug = Assert.Single(known);
        var other = Assert.Single(unexplained);
        Assert.Equal(("guest-memory (known bug tcg-dirty-bits-lost-before-9.0)", "tcg-dirty-bits-lost-before-9.0"), (bug.Key, bug.Reference));
        Assert.Equal(("guest-memory", (string?)null), (other.Key, other.Reference));
        Assert.True(bug.Breaks && other.Breaks);
        Assert.StartsWith("guest-memory", bug.Detail);
    }

    [Fact]
    public void Data_loss_from_a_source_with_the_9_0_fix_is_the_block_offset_bug_only_when_the_guest_has_several_ram_blocks()
    {
        // Seen in every campaign: a qemu-10.0 or 11.1 source with NUMA nodes on memdevs lost pages of the second node. Its config with
        // one block passed; with the first node smaller than the second, the same source aborted in tlb_reset_dirty_range_all.
        var nodes = new NumaLayout(NumaBacking.Memdev,
            [new NumaNode(0, 256, [0]), new NumaNode(1, 256, [])], []);
        var twoBlocks = Spec("pc-q35") with { Scenario = new Backward(GuestMode.Running) };
        twoBlocks = twoBlocks with { Config = twoBlocks.Config with { Memory = MemoryLayout.Fixed(512), Numa = nodes } };

        var bug = Assert.Single(CaseCauses.Of(Lost("qemu-10.0", "qemu-7.2"), twoBlocks));
        var oneBlock = Assert.Single(CaseCauses.Of(Lost("qemu-10.0", "qemu-7.2"), Spec("pc-q35") with { Scenario = new Backward(GuestMode.Running) }));

        Assert.Equal(("guest-memory (known bug tcg-dirty-sync-block-relative-offset)", "tcg-dirty-sync-block-relative-offset"), (bug.Key, bug.Reference));
        Assert.Equal(("guest-memory", (string?)null), (oneBlock.Key, oneBlock.Reference));
        Assert.True(bug.Breaks && oneBlock.Breaks);
    }

    private static CaseOutcome Crash(string exit, string stderr)
    {
        var hop = new HopObservation("qemu-10.0", "qemu-10.0", MigrationStatus.ProcessDied, "source went away", new SideEvidence("src", "qemu-10.0", [], [], stderr, exit), null, false, [], PhaseTimings.Zero);
        var observation = new CaseObservation(null, null, [hop], null);
        return new CaseOutcome(Oracle.Judge(observation), observation, TimeSpan.Zero);
    }

    [Fact]
    public void A_crash_keeps_its_signal_name_and_assertion_and_blanks_the_line_number()
    {
        var a = FailureSignature.Of(Crash("killed by signal 6 (exit 134)",
            "qemu-system-x86_64: system/physmem.c:864: tlb_reset_dirty_range_all: Assertion `block == qemu_get_ram_block(end - 1)' failed.\n"), Spec("pc-i440fx"));
        var movedLine = FailureSignature.Of(Crash("killed by signal 6 (exit 134)",
            "qemu-system-x86_64: system/physmem.c:871: tlb_reset_dirty_range_all: Assertion `block == qemu_get_ram_block(end - 1)' failed.\n"), Spec("pc-i440fx"));
        var segv = FailureSignature.Of(Crash("killed by signal 11 (exit 139)", ""), Spec("pc-i440fx"));

        Assert.Equal(a, movedLine);
        Assert.Contains("source SIGABRT", a);
        Assert.Contains("tlb_reset_dirty_range_all: Assertion", a);
        Assert.Contains("source SIGSEGV", segv);
        Assert.NotEqual(a, segv);
    }

    [Fact]
    public void A_refusal_is_the_destinations_first_error_line_whatever_the_sources_socket_said()
    {
        CaseOutcome Refused(string sourceError) => new(new Judgement(Verdict.CleanReject, "x", 0), new CaseObservation(null, null,
        [
            new HopObservation("qemu-7.2", "qemu-10.0", MigrationStatus.MigrationFailed, "source: " + sourceError, null,
                new SideEvidence("dst0", "qemu-10.0", [], [], "qemu-system-x86_64: Machine type received is 'pc-q35-7.2' and local is 'pc-q35-10.0'\nqemu-system-x86_64: load of migration failed: Invalid argument\n", "exit 1"),
                true, [], PhaseTimings.Zero),
        ], null), TimeSpan.Zero);

        var pipe = FailureSignature.Of(Refused("Unable to write to socket: Broken pipe"), Spec("q35"));
        var reset = FailureSignature.Of(Refused("Unable to write to socket: Connection reset by peer"), Spec("q35"));

        Assert.Equal(pipe, reset);
        Assert.Contains("Machine type received is", pipe);
        Assert.DoesNotContain("load of migration failed", pipe);
    }

    [Fact]
    public void A_machine_type_refusal_is_one_cause_whatever_the_family_and_however_the_destination_wraps_it()
    {
        // An alias (pc, q35) resolves to each build's newest machine type; 10.0 and later report the check inside the load error.
        CaseOutcome Refused(string stderr) => new(new Judgement(Verdict.CleanReject, "x", 0), new CaseObservation(null, null,
        [
            new HopObservation("qemu-7.2", "qemu-10.0", MigrationStatus.MigrationFailed, "source: Unable to write to socket: Broken pipe", null,
                new SideEvidence("dst0", "qemu-10.0", [], [], stderr, "exit 1"), true, [], PhaseTimings.Zero),
        ], null), TimeSpan.Zero);

        var older = FailureSignature.Of(Refused("qemu-system-x86_64: Machine type received is 'pc-q35-7.2' and local is 'pc-q35-5.2'\nqemu-system-x86_64: load of migration failed: Invalid argument\n"), Spec("q35"))!;
        var newer = FailureSignature.Of(Refused("qemu-system-x86_64: load of migration failed: Invalid argument: post load hook failed for: configuration, version_id: 1, minimum_version: 0: Machine type received is 'pc-i440fx-5.2' and local is 'pc-i440fx-11.1'\n"), Spec("pc"))!;
        var device = FailureSignature.Of(Refused("qemu-system-x86_64: load of migration failed: Invalid argument: error while loading state for instance 0x0 of device 'virtio-mem'\n"), Spec("q35"))!;

        Assert.Equal(FindingCatalog.IdentityOf(older), FindingCatalog.IdentityOf(newer));
        Assert.EndsWith("destination: qemu-system-x86_64: Machine type received is '#' and local is '#'", older);
        // Another refusal keeps its own words: only the wrapper of a post-load refusal goes.
        Assert.Contains("error while loading state for instance # of device 'virtio-mem'", device);
    }

    [Theory]
    [InlineData("qemu-system-x86_64: Machine type received is 'pc-q35-7.2' and local is 'pc-q35-10.0'", "qemu-system-x86_64: Machine type received is 'pc-q35-#.#' and local is 'pc-q35-#.#'")]
    [InlineData("physmem.c:864: Assertion `block == qemu_get_ram_block(end - 1)' failed at 0x7f00dead", "physmem.c:#: Assertion `block == qemu_get_ram_block(end - #)' failed at #")]
    [InlineData("/mh/run-1/case-2/dst.qmp: Connection reset", "<path>: Connection reset")]
    public void Normalising_blanks_standalone_numbers_and_paths_but_keeps_names_with_digits(string text, string expected)
    {
        Assert.Equal(expected, FailureSignature.Normalise(text));
    }
}
