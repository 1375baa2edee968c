using MigrationHarness.Containers;
using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Containers;

/// <summary>How a harness container looks to the engine: labelled, isolated, unprivileged, limited.</summary>
[Collection(RealQemuCollection.Name)]
public sealed class ContainerHardeningTests(RealQemuFixture fixture)
{
    [Fact(Timeout = 30_000)]
    public async Task A_harness_container_is_labelled_isolated_and_unprivileged()
    {
        var container = await fixture.Pool.GetAsync(fixture.Build("qemu-7.2").Build);

        var inspect = await fixture.Docker.InspectContainerAsync(container.ContainerId);
        var host = inspect.HostConfig!;
        var labels = inspect.Config!.Labels!;

        Assert.Equal("1", labels[HarnessLabels.Harness]);
        Assert.Equal(fixture.RunId, labels[HarnessLabels.Run]);
        Assert.Equal("qemu-7.2", labels[HarnessLabels.Build]);
        Assert.Equal("none", host.NetworkMode);
        Assert.Equal(["ALL"], host.CapDrop);
        Assert.Contains("no-new-privileges", host.SecurityOpt!);
        Assert.True(host.ReadonlyRootfs);
        Assert.True(host.Memory > 0);
        Assert.True(host.PidsLimit > 0);
        Assert.Equal(fixture.Host.KvmUsable, host.Devices?.Any(d => d.PathOnHost == "/dev/kvm") == true);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_janitor_removes_harness_containers_whose_owner_died_and_nothing_else()
    {
        var image = fixture.Build("qemu-7.2").Build.Image;
        // A container of this live test run, which the sweep must leave alone.
        await fixture.Pool.GetAsync(fixture.Build("qemu-7.2").Build);
        var orphanLabels = new Dictionary<string, string>(HarnessLabels.For("test-orphan-" + Guid.NewGuid().ToString("n")[..6], "qemu-7.2"))
        {
            // No process has this pid (it is above the kernel's pid_max).
            [HarnessLabels.OwnerPid] = "99999999",
        };
        var foreignLabels = new Dictionary<string, string> { ["some.other.tool"] = "1" };
        var orphan = await fixture.Docker.RunContainerAsync(new MigrationHarness.Containers.ContainerSpec(image, ["sleep", "infinity"], orphanLabels));
        var foreign = await fixture.Docker.RunContainerAsync(new MigrationHarness.Containers.ContainerSpec(image, ["sleep", "infinity"], foreignLabels));
        try
        {
            await MigrationHarness.Qemu.ContainerJanitor.SweepOrphansAsync(fixture.Docker);

            var all = await fixture.Docker.ListContainersAsync(new Dictionary<string, string?>());
            Assert.DoesNotContain(all, c => c.Id == orphan);
            Assert.Contains(all, c => c.Id == foreign);
            Assert.NotEmpty(await fixture.RemainingContainersAsync());
        }
        finally
        {
            await fixture.Docker.RemoveContainerAsync(foreign);
            await fixture.Docker.RemoveContainerAsync(orphan);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task A_container_create_cut_off_by_a_cancel_leaves_no_container()
    {
        // Ctrl-C can land while the engine is creating a container: the request is cancelled, the container may exist anyway.
        var labels = HarnessLabels.For("test-cut-" + Guid.NewGuid().ToString("n")[..6], "qemu-7.2");
        var spec = new ContainerSpec(fixture.Build("qemu-7.2").Build.Image, ["sleep", "infinity"], labels);
        var cut = 0;
        for (var delay = 0; delay < 120; delay += 6)
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(delay));
            try
            {
                await fixture.Docker.RemoveContainerAsync(await fixture.Docker.RunContainerAsync(spec, cancel.Token));
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex.InnerException is OperationCanceledException || cancel.IsCancellationRequested)
            {
                cut++;
            }
        }

        Assert.True(cut > 0, "no create was cut off: the delays did not reach the engine's create");
        Assert.Empty(await fixture.Docker.ListContainersAsync(new Dictionary<string, string?> { [HarnessLabels.Run] = labels[HarnessLabels.Run] }));
    }
}
