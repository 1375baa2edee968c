using MigrationHarness.Configs;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Model;

namespace MigrationHarness.Tests.Runner;

/// <summary>A guest with many vCPUs, under TCG or on a loaded host gets proportionally longer waits before silence counts as a hang.</summary>
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
        var small = new CaseSpec(VmConfig.Minimal("pc-q35-7.2", Accelerator.Kvm), new Forward(GuestMode.Paused), []) { Limits = shortWaits };
        var large = small with { Config = small.Config with { Smp = new SmpTopology(96, 96, 4, 1, 24, 1) } };

        Assert.Equal(TimeSpan.FromSeconds(2), small.Limits.GuestProgress);
        Assert.Equal(TimeSpan.FromSeconds(4), large.Limits.GuestProgress);
    }

    [Fact]
    public void Under_tcg_every_wait_grows_by_the_tcg_factor_and_under_kvm_none_does()
    {
        var limits = CaseLimits.Default;

        Assert.Same(limits, limits.For(Accelerator.Kvm));
        var tcg = limits.For(Accelerator.Tcg);
        Assert.Equal(limits.Command * CaseLimits.TcgFactor, tcg.Command);
        Assert.Equal(limits.Migration * CaseLimits.TcgFactor, tcg.Migration);
        Assert.Equal(limits.GuestReady * CaseLimits.TcgFactor, tcg.GuestReady);
        Assert.Equal(limits.Start * CaseLimits.TcgFactor, tcg.Start);
        var spec = new CaseSpec(VmConfig.Minimal("pc-q35-7.2", Accelerator.Tcg), new Forward(GuestMode.Paused), []);
        Assert.Equal(tcg, spec.Limits);
    }

    [Fact]
    public void More_cases_than_cores_grow_every_wait_in_proportion_and_fewer_change_nothing()
    {
        var limits = CaseLimits.Default;

        Assert.Same(limits, limits.UnderLoad(1));
        Assert.Same(limits, limits.UnderLoad(0.5));
        var doubled = limits.UnderLoad(2);
        Assert.Equal(limits.Migration * 2, doubled.Migration);
        Assert.Equal(limits.Command * 2, doubled.Command);
        Assert.Equal(doubled.Migration * 5, doubled.MigrationCeiling);
    }
}
