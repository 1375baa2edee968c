using MigrationHarness.Configs;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;

namespace MigrationHarness.Tests.Runner;

/// <summary>A guest with many vCPUs gets proportionally longer waits before silence counts as a hang.</summary>
public sealed class CaseLimitsTests
{
    [Fact]
    public void Up_to_48_vcpus_the_limits_hold_and_beyond_they_grow_in_proportion_except_a_commands_own()
    {
        var limits = CaseLimits.Default;

        Assert.Same(limits, limits.ScaledFor(48));
        var large = limits.ScaledFor(240);
        Assert.Equal(limits.GuestProgress * 5, large.GuestProgress);
        Assert.Equal(limits.GuestReady * 5, large.GuestReady);
        Assert.Equal(limits.Migration * 5, large.Migration);
        Assert.Equal(limits.Start * 5, large.Start);
        Assert.Equal(limits.Command, large.Command);
    }

    [Fact]
    public void A_case_reads_its_limits_scaled_for_its_config_and_a_test_set_limit_stays_the_base()
    {
        var shortWaits = CaseLimits.Default with { GuestProgress = TimeSpan.FromSeconds(2) };
        var small = new CaseSpec(VmConfig.Minimal("pc-q35-7.2", Accelerator.Tcg), new Forward(GuestMode.Paused), []) { Limits = shortWaits };
        var large = small with { Config = small.Config with { Smp = new SmpTopology(96, 96, 4, 1, 24, 1) } };

        Assert.Equal(TimeSpan.FromSeconds(2), small.Limits.GuestProgress);
        Assert.Equal(TimeSpan.FromSeconds(4), large.Limits.GuestProgress);
    }
}
