using MigrationHarness.Containers;
using MigrationHarness.Qemu;

namespace MigrationHarness.Tests.Resilience;

/// <summary>A QEMU that cannot start because of the harness's own container limits is the harness's trouble, never "not applicable".</summary>
public sealed class HarnessLimitTests
{
    [Theory]
    [InlineData("qemu-system-x86_64: qemu_thread_create: Resource temporarily unavailable", true)]
    [InlineData("qemu-system-x86_64: failed to create vCPU thread: Resource temporarily unavailable", true)]
    [InlineData("qemu-system-x86_64: Invalid SMP CPUs 300. The max CPUs supported by machine 'pc-q35-7.2' is 288", false)]
    [InlineData("", false)]
    public void Only_a_thread_the_container_would_not_allow_is_the_harness_limit(string stderr, bool limit) =>
        Assert.Equal(limit, new QemuStartException("qemu-11.1", "src", new ExecExit(1), stderr, []).HitHarnessLimit);

    [Fact]
    public void Containers_allow_two_qemus_at_the_largest_vcpu_count_a_machine_takes() =>
        Assert.True(new ContainerSpec("image", [], new Dictionary<string, string>()).PidsLimit >= 2 * 4096 + 512);
}
