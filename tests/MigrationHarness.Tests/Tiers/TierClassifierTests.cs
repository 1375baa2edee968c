using MigrationHarness.Results;
using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Tiers;
using MigrationHarness.Records;

namespace MigrationHarness.Tests.Tiers;

/// <summary>Every path of the tier judgement, on hand-made case logs: a tier only with enough evidence, flaky apart, expected refusals not failures.</summary>
public sealed class TierClassifierTests
{
    private static readonly Dictionary<string, int> Order = new() { ["qemu-5.2"] = 0, ["qemu-7.2"] = 1, ["qemu-10.0"] = 2, ["qemu-11.1"] = 3 };

    private static TierRow Single(IEnumerable<CaseRecord> records) => Assert.Single(TierClassifier.Classify(records, (a, b) => Order[a] < Order[b]));

    /// <summary>n distinct configs passing forward, the first <paramref name="running"/> of them with a running guest.</summary>
    private static IEnumerable<CaseRecord> Passes(int n, int running, bool backward = false, long first = 0) =>
        Enumerable.Range(0, n).Select(i => SampleRecords.Case(first + i, "pass", backward ? "qemu-10.0" : "qemu-7.2", backward ? "qemu-7.2" : "qemu-10.0",
            scenario: (backward ? "backward/" : "forward/") + (i < running ? "running" : "paused"), memoryMiB: 128 * (i + 1)));

    [Fact]
    public void Three_distinct_forward_configs_with_a_running_guest_make_forward_and_meet_a_versioned_machine_type()
    {
        var row = Single(Passes(3, 1));

        Assert.Equal((SupportTier.Forward, TierStatus.Met), (row.Tier, row.Status));
        Assert.Equal((3, 3, 1), (row.Evidence.ForwardPass, row.Evidence.ForwardConfigs, row.Evidence.ForwardRunning));
    }

    [Fact]
    public void One_passing_case_is_insufficient_evidence_and_not_judged()
    {
        var row = Single(Passes(1, 1));

        Assert.Equal((SupportTier.InsufficientEvidence, TierStatus.NotJudged), (row.Tier, row.Status));
        Assert.False(row.Met);
        Assert.False(row.Violated);
        Assert.StartsWith("insufficient evidence (n=1 fwd, 0 bwd configs)", row.Display);
    }

    [Fact]
    public void The_same_config_passing_many_times_is_one_config_of_evidence()
    {
        var same = Enumerable.Range(0, 6).Select(i => SampleRecords.Case(i, "pass", scenario: "forward/running"));

        Assert.Equal(SupportTier.InsufficientEvidence, Single(same).Tier);
    }

    [Fact]
    public void Paused_guests_alone_are_not_enough_for_a_tier()
    {
        Assert.Equal(SupportTier.InsufficientEvidence, Single(Passes(5, 0)).Tier);
    }

    [Fact]
    public void Enough_evidence_in_both_directions_makes_bidirectional_and_too_little_backward_stays_forward()
    {
        Assert.Equal(SupportTier.Bidirectional, Single(Passes(3, 1).Concat(Passes(3, 1, backward: true, first: 10))).Tier);
        Assert.Equal(SupportTier.Forward, Single(Passes(3, 1).Concat(Passes(2, 1, backward: true, first: 10))).Tier);
    }

    [Fact]
    public void A_backward_refusal_keeps_forward()
    {
        var row = Single(Passes(3, 1).Concat(Passes(3, 1, backward: true, first: 10)).Append(SampleRecords.Case(20, "clean-reject", "qemu-10.0", "qemu-7.2")));

        Assert.Equal(SupportTier.Forward, row.Tier);
        Assert.Equal(1, row.Evidence.BackwardReject);
    }

    [Fact]
    public void One_confirmed_forward_refusal_is_clean_failure_and_violates_a_versioned_machine_type()
    {
        var row = Single(Passes(3, 1).Append(SampleRecords.Case(9, "clean-reject")));

        Assert.Equal((SupportTier.CleanFailure, TierStatus.Violated), (row.Tier, row.Status));
        Assert.Equal(["c000009"], row.FailingCases);
    }

    [Fact]
    public void A_clean_failure_meets_an_unversioned_machine_type()
    {
        var row = Single([SampleRecords.Case(0, "clean-reject", machine: "q35")]);

        Assert.Equal((SupportTier.CleanFailure, SupportTier.CleanFailure, TierStatus.Met), (row.Tier, row.Expected, row.Status));
    }

    [Theory]
    [InlineData("crash")]
    [InlineData("hang")]
    [InlineData("abi-drift")]
    [InlineData("data-loss")]
    public void Any_confirmed_broken_verdict_makes_broken_whatever_passed(string verdict)
    {
        var row = Single(Passes(3, 1).Append(SampleRecords.Case(9, verdict, "qemu-10.0", "qemu-7.2", scenario: "backward/paused")));

        Assert.Equal((SupportTier.Broken, TierStatus.Violated), (row.Tier, row.Status));
        Assert.Equal(["c000009"], row.Evidence.BrokenCases);
    }

    [Fact]
    public void A_flaky_failure_is_counted_apart_and_does_not_break_the_row()
    {
        var row = Single(Passes(3, 1).Append(SampleRecords.Case(9, "crash", flaky: true)));

        Assert.Equal(SupportTier.Forward, row.Tier);
        Assert.Equal((0, 1), (row.Evidence.Broken, row.Evidence.FlakyHops));
        Assert.Equal(["c000009"], row.Evidence.FlakyCases);
    }

    [Fact]
    public void A_refusal_the_scenario_expects_is_not_a_clean_failure()
    {
        var row = Single(Passes(3, 1).Append(SampleRecords.Case(9, "clean-reject", scenario: "equivalent-spelling/numa-mem/paused")));

        Assert.Equal(SupportTier.Forward, row.Tier);
        Assert.Equal((0, 1), (row.Evidence.ForwardReject, row.Evidence.ExpectedRejects));
    }

    [Fact]
    public void Refusals_for_a_machine_type_one_side_lacks_are_unsupported_and_not_judged()
    {
        var row = Single([SampleRecords.Case(0, "clean-reject", error: "unsupported machine type 'pc-q35-10.0'")]);

        Assert.Equal((SupportTier.Unsupported, TierStatus.NotJudged), (row.Tier, row.Status));
    }

    [Fact]
    public void Only_not_applicable_cases_leave_the_row_untested()
    {
        var row = Single([SampleRecords.Case(0, "not-applicable"), SampleRecords.Case(1, "infra-error")]);

        Assert.Equal((SupportTier.Untested, TierStatus.NotJudged), (row.Tier, row.Status));
    }

    [Fact]
    public void Direction_comes_from_the_version_order_not_from_how_the_hop_was_named()
    {
        var row = Single(Passes(3, 1, backward: true));

        Assert.Equal(("qemu-7.2", "qemu-10.0"), (row.Older, row.Newer));
        Assert.Equal((0, 3), (row.Evidence.ForwardPass, row.Evidence.BackwardPass));
    }

    [Fact]
    public void Evidence_lists_hops_per_scenario()
    {
        var row = Single(Passes(3, 1));

        Assert.Equal(new Dictionary<string, int> { ["forward/paused"] = 2, ["forward/running"] = 1 }, row.Evidence.Scenarios);
    }
}
