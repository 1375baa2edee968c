using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Results;
using MigrationHarness.Campaign;
using MigrationHarness.Configs;
using MigrationHarness.Model;
using MigrationHarness.Records;

namespace MigrationHarness.Tests.Campaign;

/// <summary>The tally behind the progress display: counts, rate, failures and time left.</summary>
public sealed class CampaignProgressTests
{
    [Fact]
    public void The_tally_counts_verdicts_and_failures_and_estimates_the_time_left_from_the_rate()
    {
        var progress = new CampaignProgress(plannedCases: 20, budget: null, alreadyDone: 4);
        foreach (var verdict in new[] { "pass", "pass", "abi-drift", "not-applicable", "crash", "pass" }) progress.Record(Case(verdict));

        var snapshot = progress.Snapshot(TimeSpan.FromMinutes(2));

        Assert.Equal(10, snapshot.Done);
        Assert.Equal(3.0, snapshot.PerMinute);                       // 6 cases of this process in 2 minutes
        Assert.Equal(TimeSpan.FromMinutes(10 / 3.0), snapshot.TimeLeft); // 10 cases left at 3 a minute
        Assert.Equal(["abi-drift", "crash"], snapshot.Failures.Select(f => f.Verdict.Name()));
        Assert.Equal("10/20 cases, 3.0/min, abi-drift 1, crash 1, not-applicable 1, pass 3, 2 failures, about 3 min left", snapshot.Line());
    }

    [Fact]
    public void A_budget_caps_the_time_left_and_nothing_is_estimated_before_the_first_case()
    {
        var progress = new CampaignProgress(plannedCases: 1000, budget: TimeSpan.FromMinutes(5));

        Assert.Null(progress.Snapshot(TimeSpan.FromSeconds(30)).PerMinute);
        Assert.Equal(TimeSpan.FromMinutes(4.5), progress.Snapshot(TimeSpan.FromSeconds(30)).TimeLeft);
        progress.Record(Case("pass"));
        Assert.Equal(TimeSpan.FromMinutes(1), progress.Snapshot(TimeSpan.FromMinutes(4)).TimeLeft);
        Assert.Equal(TimeSpan.Zero, progress.Snapshot(TimeSpan.FromMinutes(6)).TimeLeft);
    }

    private static CaseRecord Case(string verdict) => new("c000001", 1, 7, "forward/paused", ["qemu-5.2", "qemu-7.2"], "pc-q35-5.2",
        VmConfig.Minimal("pc-q35-5.2", Accelerator.Kvm), verdict.AsVerdict(), verdict, false, [], verdict is "pass" or "not-applicable" ? null : verdict, [], 1);
}
