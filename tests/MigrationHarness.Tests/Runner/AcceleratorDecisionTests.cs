using MigrationHarness.Configs;
using MigrationHarness.Qemu;
using MigrationHarness.Host;

namespace MigrationHarness.Tests.Runner;

/// <summary>KVM only by evidence: the device opens and the guest came up under it; every other path is TCG with why.</summary>
public sealed class AcceleratorDecisionTests
{
    private static readonly CanaryOutcome Up = new(true, "the guest runs its loop", TimeSpan.FromSeconds(3.2));
    private static readonly CanaryOutcome Faulted = new(false, "stopped by #GP at EIP 0x2111b", TimeSpan.FromSeconds(3.1));

    [Fact]
    public void A_guest_that_came_up_under_kvm_gives_kvm()
    {
        var decision = AcceleratorDecision.Decide(forcedTcg: false, deviceOpens: true, Up);

        Assert.Equal(Accelerator.Kvm, decision.Accelerator);
        Assert.Equal("the guest came up under KVM in 3.2 s", decision.Reason);
    }

    [Fact]
    public void A_device_that_opens_but_a_guest_that_faults_gives_tcg_naming_the_fault()
    {
        var decision = AcceleratorDecision.Decide(false, true, Faulted);

        Assert.Equal(Accelerator.Tcg, decision.Accelerator);
        Assert.Equal("/dev/kvm opens, but the guest did not come up under KVM: stopped by #GP at EIP 0x2111b", decision.Reason);
    }

    [Theory]
    [InlineData(true, true, "MH_ACCEL=tcg asks for TCG")]
    [InlineData(false, false, "no usable /dev/kvm on the engine's host")]
    public void Forced_tcg_or_no_device_gives_tcg_whatever_a_canary_said(bool forced, bool opens, string reason)
    {
        var decision = AcceleratorDecision.Decide(forced, opens, Up);

        Assert.Equal(new AcceleratorDecision(Accelerator.Tcg, reason), decision);
    }

    [Fact]
    public void A_device_without_a_canary_is_not_trusted()
    {
        Assert.Equal(Accelerator.Tcg, AcceleratorDecision.Decide(false, true, null).Accelerator);
    }

    [Fact]
    public void The_monitor_transcript_tells_a_running_guest_a_faulted_one_a_stuck_one_and_a_qemu_that_never_ran()
    {
        const string running = "(qemu) xp /16wx 0x8000\n0000000000008000: 0x3147484d 0x0000f120 0x0000f120 0x00000001\n(qemu) info registers\nEIP=000201f5 EFL=00000087\n";
        const string faulted = "0000000000008000: 0x00000000 0x00000000 0x00000000 0x00000000\n0000000000008030: 0x00000000 0x0000000e 0x0002111b 0x00000000\nEIP=00021130\n";
        const string stuck = "0000000000008000: 0x00000000 0x00000000 0x00000000 0x00000000\nEIP=000206a9 EFL=00000046\n";
        const string refused = "qemu-system-x86_64: failed to initialize kvm: Permission denied\n";

        Assert.True(KvmCanary.Judge(running, TimeSpan.FromSeconds(3)).CameUp);
        Assert.Equal("stopped by #GP at EIP 0x2111b", KvmCanary.Judge(faulted, TimeSpan.FromSeconds(3)).Detail);
        Assert.Equal("not up after 3 s, boot processor at EIP 0x206a9", KvmCanary.Judge(stuck, TimeSpan.FromSeconds(3)).Detail);
        Assert.Equal("QEMU did not run it: qemu-system-x86_64: failed to initialize kvm: Permission denied", KvmCanary.Judge(refused, TimeSpan.FromSeconds(1)).Detail);
    }
}
