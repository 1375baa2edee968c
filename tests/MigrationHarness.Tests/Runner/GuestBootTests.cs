using MigrationHarness.Configs;
using MigrationHarness.Oracles;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Model;

namespace MigrationHarness.Tests.Runner;

/// <summary>A guest that cannot come up is given up on in seconds, with where its boot processor was, not after the whole boot limit.</summary>
[Collection(RealQemuCollection.Name)]
public sealed class GuestBootTests(RealQemuFixture fixture)
{
    [Fact(Timeout = 90_000)]
    public async Task A_boot_processor_livelocked_on_an_instruction_is_not_applicable_within_seconds_naming_where()
    {
        // Under TCG, QEMU 10.0 re-executes the guest's MOV to CR4 setting OSXSAVE forever for qemu64 with xsave forced
        // (no exception, EIP never advances; QEMU 5.2 takes it). It is TCG's, so the case runs under TCG on a KVM host too.
        var config = VmConfig.Minimal("pc-q35-7.2", Accelerator.Tcg) with { Cpu = new CpuSpec("qemu64", [new CpuFeature("xsave", FeaturePolicy.Force)]) };
        var spec = new CaseSpec(config, new Forward(GuestMode.Paused), [fixture.Build("qemu-10.0"), fixture.Build("qemu-11.1")]);
        var started = DateTime.UtcNow;

        var outcome = await new CaseRunner(fixture.Pool).RunAsync(spec);

        Assert.Equal(Verdict.NotApplicable, outcome.Verdict);
        Assert.Contains("held at one instruction", outcome.Judgement.Reason);
        Assert.Contains("BSP at EIP=", outcome.Judgement.Reason);
        Assert.True(DateTime.UtcNow - started < spec.Limits.GuestReady / 2, $"gave up after {(DateTime.UtcNow - started).TotalSeconds:0} s (limit {spec.Limits.GuestReady.TotalSeconds:0} s)");
        Assert.Empty(await fixture.RunningQemuAsync());
    }
}
