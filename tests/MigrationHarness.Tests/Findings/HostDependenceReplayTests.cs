using MigrationHarness.Configs;
using MigrationHarness.Findings;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Findings;

/// <summary>
/// A finding recorded under KVM is replayed under TCG on this host: the same failure there is
/// host-independent, a pass there is host-dependent. (The records say KVM; the replays are real.)
/// </summary>
[Collection(RealQemuCollection.Name)]
public sealed class HostDependenceReplayTests(RealQemuFixture fixture)
{
    private CaseSpec Spec(string machine) =>
        new(VmConfig.Minimal(machine, Accelerator.Kvm), new Forward(GuestMode.Paused), [fixture.Build("qemu-7.2"), fixture.Build("qemu-10.0")]);

    [Fact(Timeout = 180_000)]
    public async Task A_refusal_recorded_under_KVM_that_TCG_shows_the_same_is_host_independent()
    {
        // The q35 alias names each build's newest machine type: the destination refuses it under any accelerator.
        var spec = Spec("q35");
        var tcg = await new CaseRunner(fixture.Pool).RunAsync(spec with { Config = spec.Config with { Accelerator = Accelerator.Tcg } });
        var signature = FailureSignature.Of(tcg, spec)!;
        var failure = SampleRecords.Case(0, "clean-reject", machine: "q35", accelerator: Accelerator.Kvm) with { Signature = signature };

        var label = await HostDependenceReplay.LabelAsync(new CaseRunner(fixture.Pool), spec, failure, "AMD EPYC (test)", CancellationToken.None);

        Assert.Equal("host-independent", label.Label);
        Assert.Contains("the same under TCG", label.Why);
    }

    [Fact(Timeout = 180_000)]
    public async Task A_drift_recorded_under_KVM_that_TCG_does_not_show_is_host_dependent_on_the_named_CPU()
    {
        var spec = Spec("pc-q35-7.2");
        var failure = SampleRecords.Case(0, "abi-drift", machine: "pc-q35-7.2", detail: "CPUID.07H:EBX[9] +erms", accelerator: Accelerator.Kvm);

        var label = await HostDependenceReplay.LabelAsync(new CaseRunner(fixture.Pool), spec, failure, "AMD EPYC (test)", CancellationToken.None);

        Assert.Equal("host-dependent", label.Label);
        Assert.Contains("KVM on AMD EPYC (test)", label.Why);
        Assert.Contains("under TCG: ", label.Why);
    }

    [Fact]
    public async Task A_finding_seen_under_TCG_is_host_independent_without_a_replay()
    {
        var failure = SampleRecords.Case(0, "abi-drift", detail: "CPUID.07H:EBX[9] +erms");
        var spec = Spec("pc-q35-7.2") with { Config = failure.Config };

        var label = await HostDependenceReplay.LabelAsync(null!, spec, failure, "any", CancellationToken.None);

        Assert.Equal(HostDependence.Independent, label);
    }
}
