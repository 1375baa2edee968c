using MigrationHarness.Abi;
using MigrationHarness.Campaign;
using MigrationHarness.Findings;
using MigrationHarness.Checks;
using MigrationHarness.Configs;
using MigrationHarness.Migration;
using MigrationHarness.Model;
using MigrationHarness.Oracles;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;

namespace MigrationHarness.Tests.Campaign;

/// <summary>
/// One confirmation per failure and unit, or per known bug and verdict: the first confirming case is remembered, later ones
/// refer to it.
/// </summary>
public sealed class ConfirmationLedgerTests
{
    [Fact]
    public void A_key_is_unconfirmed_until_a_case_confirms_it_and_the_first_case_stays()
    {
        var ledger = new ConfirmationLedger();
        const string key = "crash:source SIGABRT|qemu-10.0>qemu-11.1|pc-q35-10.0|forward/running";

        Assert.Null(ledger.ConfirmedBy(key));
        ledger.Confirm(key, 12);
        ledger.Confirm(key, 40);

        Assert.Equal(12, ledger.ConfirmedBy(key));
        Assert.Null(ledger.ConfirmedBy(key.Replace("forward/running", "forward/paused")));
    }

    [Fact]
    public void Workers_confirming_at_once_keep_one_first_case()
    {
        var ledger = new ConfirmationLedger();

        Parallel.For(0, 64, i => ledger.Confirm("k", i));

        Assert.NotNull(ledger.ConfirmedBy("k"));
    }

    private static CaseOutcome Lost(string from, string to)
    {
        var hop = new HopObservation(from, to, MigrationStatus.Completed, null, null, null, true,
            [new CheckResult("guest-memory", Verdict.DataLoss, "2 of 711 pages differ from what the source sent", [])], PhaseTimings.Zero);
        var observation = new CaseObservation(null, null, [hop], null);
        return new CaseOutcome(Oracle.Judge(observation), observation, TimeSpan.Zero);
    }

    private static CaseSpec Spec(string machine, Scenario scenario, string from, string to) =>
        new(VmConfig.Minimal(machine, Accelerator.Tcg), scenario, ShardFairnessTests.DefaultBuilds().Where(b => b.Name == from || b.Name == to).ToArray());

    [Fact]
    public void Lost_memory_a_known_bug_explains_has_one_key_on_every_unit()
    {
        // The TCG dirty-bitmap bug fixed in 9.0: a qemu-7.2 source loses pages whatever the destination, machine type or scenario.
        var forward = ConfirmationLedger.KeyOf(Lost("qemu-7.2", "qemu-10.0"), Spec("pc-q35-7.2", new Forward(GuestMode.Running), "qemu-7.2", "qemu-10.0"));
        var elsewhere = ConfirmationLedger.KeyOf(Lost("qemu-7.2", "qemu-11.1"), Spec("pc-i440fx-5.2", new Backward(GuestMode.Running), "qemu-7.2", "qemu-11.1"));

        Assert.Equal("data-loss|known bug tcg-dirty-bits-lost-before-9.0|tcg", forward);
        Assert.Equal(forward, elsewhere);
    }

    [Fact]
    public void Lost_memory_no_known_bug_explains_keeps_its_unit()
    {
        // A qemu-10.0 source has the 9.0 fix, and one block of RAM leaves the block-offset bug out: nothing known explains it.
        var one = ConfirmationLedger.KeyOf(Lost("qemu-10.0", "qemu-7.2"), Spec("pc-q35-7.2", new Backward(GuestMode.Running), "qemu-7.2", "qemu-10.0"));
        var other = ConfirmationLedger.KeyOf(Lost("qemu-10.0", "qemu-7.2"), Spec("pc-q35-7.0", new Backward(GuestMode.Running), "qemu-7.2", "qemu-10.0"));

        Assert.NotNull(one);
        Assert.DoesNotContain("known bug", one);
        Assert.Contains("pc-q35-7.2", one);
        Assert.NotEqual(one, other);
    }

    [Fact]
    public void A_failure_on_one_unit_has_one_key_whichever_scenario_of_the_same_guest_mode_showed_it()
    {
        CaseSpec On(Scenario scenario) => Spec("pc-q35-7.2", scenario, "qemu-7.2", "qemu-10.0");
        var lost = Lost("qemu-10.0", "qemu-7.2");

        // A tier row counts hops, whatever scenario made them; a running guest's failure says nothing of a paused one's.
        Assert.Equal(ConfirmationLedger.KeyOf(lost, On(new Backward(GuestMode.Paused))), ConfirmationLedger.KeyOf(lost, On(new HotplugThenMigrate(GuestMode.Paused))));
        Assert.NotEqual(ConfirmationLedger.KeyOf(lost, On(new Backward(GuestMode.Paused))), ConfirmationLedger.KeyOf(lost, On(new Backward(GuestMode.Running))));
    }

    private static CaseOutcome Refused(string from, string to, string stderr) => new(new Judgement(Verdict.CleanReject, "refused", 0), new CaseObservation(null, null,
    [
        new HopObservation(from, to, MigrationStatus.MigrationFailed, "source: Unable to write to socket: Broken pipe", null,
            new SideEvidence("dst0", to, [], [], stderr, "exit 1"), true, [], PhaseTimings.Zero),
    ], null), TimeSpan.Zero);

    [Fact]
    public void Machine_name_refusals_have_one_key_on_every_unit_and_other_refusals_keep_theirs()
    {
        // As seen in campaigns here: unversioned aliases resolve to each build's newest machine type, and QEMU's
        // configuration section compares the two names (qemu-10.0 and later report it inside the load error).
        var backward = ConfirmationLedger.KeyOf(Refused("qemu-10.0", "qemu-7.2",
                "qemu-system-x86_64: Machine type received is 'pc-i440fx-10.0' and local is 'pc-i440fx-7.2'\nqemu-system-x86_64: load of migration failed: Invalid argument\n"),
            Spec("pc", new Backward(GuestMode.Paused), "qemu-7.2", "qemu-10.0"));
        var forward = ConfirmationLedger.KeyOf(Refused("qemu-5.2", "qemu-11.1",
                "qemu-system-x86_64: load of migration failed: Invalid argument: post load hook failed for: configuration, version_id: 1, minimum_version: 0: Machine type received is 'pc-q35-5.2' and local is 'pc-q35-11.1'\n"),
            Spec("q35", new Forward(GuestMode.Running), "qemu-5.2", "qemu-11.1"));
        var device = ConfirmationLedger.KeyOf(Refused("qemu-10.0", "qemu-11.1",
                "qemu-system-x86_64: VQ 0 size 0x400 < last_avail_idx 0x0 - used_idx 0x1\nqemu-system-x86_64: error while loading state for instance 0x0 of device 'virtio-mem'\n"),
            Spec("pc-q35-10.0", new Forward(GuestMode.Paused), "qemu-10.0", "qemu-11.1"));

        Assert.Equal("clean-reject|machine-name check|tcg", backward);
        Assert.Equal(backward, forward);
        Assert.NotNull(device);
        Assert.Contains("pc-q35-10.0", device);
    }

    private static CaseOutcome Drifted(string from, string to, params AbiDifference[] differences)
    {
        var hop = new HopObservation(from, to, MigrationStatus.Completed, null, null, null, true,
            [new CheckResult("guest-vcpu", Verdict.AbiDrift, "drift", differences)], PhaseTimings.Zero);
        var observation = new CaseObservation(null, null, [hop], null);
        return new CaseOutcome(Oracle.Judge(observation), observation, TimeSpan.Zero);
    }

    [Fact]
    public void A_drift_whose_only_broken_promise_is_a_known_bug_has_the_bugs_key_whatever_else_drifted_beside_it()
    {
        // c000051 of a campaign here: qemu-7.2's TCG answers leaf 1CH with stale registers (fixed in 11.0), beside upstream's
        // intended change of the addressable IDs count (4e5d58969ed6), which breaks no promise.
        var stale = new[] { new AbiDifference("guest apic 0 cpuid 1C.0 EAX", "0x00020421", "0x00000000", ""), new AbiDifference("guest apic 0 cpuid 1C.0 ECX", "0x00000069", "0x00000000", "") };
        var growth = new AbiDifference("guest apic 0 cpuid 1.0 EBX", "0x00040800", "0x00080800", "");
        var spec = Spec("pc-i440fx-7.2", new Forward(GuestMode.Paused), "qemu-7.2", "qemu-10.0");
        var both = Drifted("qemu-7.2", "qemu-10.0", [.. stale, growth]);
        var causes = CaseCauses.Of(both, spec.AsRun);
        Assert.Equal("tcg-cpuid-1c-stale-registers", Assert.Single(causes, c => c.Breaks).Reference);
        Assert.Contains(causes, c => !c.Breaks && c.Key == "cpuid-01-addressable-ids");

        var key = ConfirmationLedger.KeyOf(both, spec);
        var elsewhere = ConfirmationLedger.KeyOf(Drifted("qemu-7.2", "qemu-10.0", stale), Spec("pc-q35-7.2", new Forward(GuestMode.Running), "qemu-7.2", "qemu-10.0"));

        Assert.Equal("abi-drift|known bug tcg-cpuid-1c-stale-registers|tcg", key);
        Assert.Equal(key, elsewhere);
    }
}
