using MigrationHarness.Configs;
using MigrationHarness.Containers;
using MigrationHarness.Qemu;
using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Host;

namespace MigrationHarness.Tests.Runner;

/// <summary>
/// The canary against real QEMU. Without KVM here, it runs the same path under TCG: a guest that
/// comes up, and one that cannot (QEMU 10.0 livelocks on the guest's MOV to CR4 with OSXSAVE for
/// <c>qemu64,+xsave</c>), which the decision turns into TCG with the reason, as it would a KVM
/// whose guest faults.
/// </summary>
[Collection(RealQemuCollection.Name)]
public sealed class KvmCanaryTests(RealQemuFixture fixture)
{
    [Theory(Timeout = 60_000)]
    [InlineData("qemu64", true)]
    [InlineData("qemu64,+xsave", false)]
    public async Task The_canary_tells_a_guest_that_came_up_from_one_that_did_not(string cpu, bool cameUp)
    {
        var build = fixture.Build("qemu-10.0");
        var id = await fixture.Docker.RunContainerAsync(new ContainerSpec(build.Build.Image, ["sleep", "infinity"],
            HarnessLabels.For(fixture.RunId, "canary")) { MemoryBytes = 256L << 20, ReadOnlyRoot = false });
        try
        {
            var canary = await KvmCanary.RunAsync(fixture.Docker, id, "tcg", cpu);
            var decision = AcceleratorDecision.Decide(forcedTcg: false, deviceOpens: true, canary);

            Assert.True(cameUp == canary.CameUp, canary.Detail);
            Assert.Equal(cameUp ? Accelerator.Kvm : Accelerator.Tcg, decision.Accelerator);
            if (!cameUp) Assert.Equal("/dev/kvm opens, but the guest did not come up under KVM: not up after 3 s, boot processor at EIP 0x" +
                                      canary.Detail.Split("0x")[1], decision.Reason);
        }
        finally
        {
            await fixture.Docker.RemoveContainerAsync(id);
        }
    }
}
