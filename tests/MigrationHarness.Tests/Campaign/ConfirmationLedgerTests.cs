using MigrationHarness.Campaign;
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
}
