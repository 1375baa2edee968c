using MigrationHarness.Configs;
using MigrationHarness.Guest;
using MigrationHarness.Platform.Catalog;
using MigrationHarness.Qemu;
using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Guest;

/// <summary>
/// The guest's views read by their heads and used parts, against the same tables read whole, on a real guest: few vCPUs
/// go through the monitor part by part, many (parts past the monitor's limit) as one dump of the whole slots.
/// </summary>
[Collection(RealQemuCollection.Name)]
public sealed class GuestViewReadTests(RealQemuFixture fixture)
{
    [Theory(Timeout = 120_000)]
    [InlineData(2)]
    [InlineData(16)]
    public async Task Views_and_platform_read_by_their_used_parts_are_what_the_whole_tables_hold(int vcpus)
    {
        var build = fixture.Build("qemu-10.0");
        var config = VmConfig.Minimal("pc-q35-7.2", fixture.Host.Accelerator) with { Smp = new SmpTopology(vcpus, vcpus, 1, 1, vcpus, 1) };
        var args = QemuCommandLine.Render(config).Concat(GuestPlatforms.For(config.Architecture).FirmwareArguments(RunWorkspace.ContainerRoot)).ToArray();
        var slot = await fixture.Pool.CreateSlotAsync("view-read", build.Build);
        await using var qemu = await QemuInstance.StartAsync(await fixture.Pool.GetAsync(build.Build), "source", args, slot, new QemuStartOptions());
        var guest = new GuestInspector(qemu);
        await qemu.Qmp.ExecuteAsync("cont");
        Assert.True(await guest.WaitUntilReadyAsync(vcpus, TimeSpan.FromSeconds(60)), "the guest did not come up");
        await qemu.Qmp.ExecuteAsync("stop");

        var header = await guest.ReadHeaderAsync();
        var heads = await guest.ReadSlotHeadsAsync(GuestLayout.TableInitial, GuestLayout.FilledSlots(header.MaxApicId));
        var used = heads.Values.Sum(head => GuestTableParts.OfSlot(head).Sum(p => p.Length));
        var views = await guest.ReadViewsAsync(GuestLayout.TableInitial, header);
        var (start, end) = GuestLayout.ViewRanges(header.MaxApicId)[0];
        var whole = GuestVcpuView.ParseTable(await guest.ReadAsync(start, (int)(end - start)));
        var platform = await guest.ReadPlatformAsync(GuestLayout.PlatformInitial);
        var wholePlatform = GuestPlatform.Parse(await guest.ReadAsync(GuestLayout.PlatformInitial, GuestLayout.PlatformSize));
        await qemu.QuitAsync(TimeSpan.FromSeconds(10));
        await fixture.Pool.DeleteSlotAsync(slot);

        Assert.Equal(vcpus, views.Count);
        Assert.True(vcpus > 8 == used > GuestInspector.MonitorReadLimit, $"{used} bytes of parts for {vcpus} vCPUs");
        Assert.Equal(GuestTablePartsTests.Describe(whole), GuestTablePartsTests.Describe(views));
        Assert.All(views, v => Assert.True(v.Entries.Length > 10 && v.Registers.Length > 10, $"APIC {v.ApicId}: {v.Entries.Length} leaves, {v.Registers.Length} registers"));
        Assert.NotNull(platform);
        Assert.Equal(wholePlatform!.Registers.Select(r => r.ToString()), platform.Registers.Select(r => r.ToString()));
        Assert.Equal(wholePlatform.Functions.Select(f => Convert.ToHexString([.. f.Config])), platform.Functions.Select(f => Convert.ToHexString([.. f.Config])));
    }
}
