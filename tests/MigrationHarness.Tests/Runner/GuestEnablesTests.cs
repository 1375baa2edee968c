using MigrationHarness.Configs;
using MigrationHarness.Guest;
using MigrationHarness.Oracles;
using MigrationHarness.Qemu;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Runner;

/// <summary>
/// The guest turns paging on only when it must reach memory above 4 GiB, and records what a CPU
/// refused; with real QEMU, a guest below 4 GiB writes its pages with paging off and one above
/// uses PAE, and both migrate with every written page equal.
/// </summary>
[Collection(RealQemuCollection.Name)]
public sealed class GuestEnablesTests(RealQemuFixture fixture)
{
    [Theory(Timeout = 90_000)]
    [InlineData(512, 2u)]
    [InlineData(4608, 1u)]
    public async Task Paging_is_on_only_for_memory_above_4_GiB_and_the_pages_migrate_either_way(int memoryMiB, uint pagingMode)
    {
        var build = fixture.Build("qemu-10.0");
        var config = VmConfig.Minimal("pc-q35-7.2", fixture.Host.Accelerator) with { Memory = MemoryLayout.Fixed(memoryMiB) };
        var container = await fixture.Pool.GetAsync(build.Build);
        var slot = await fixture.Pool.CreateSlotAsync("paging", build.Build);
        await using (var qemu = await QemuInstance.StartAsync(container, "source",
                         [.. QemuCommandLine.Render(config), "-bios", $"{RunWorkspace.ContainerRoot}/{GuestImage.FileName}"], slot, new QemuStartOptions()))
        {
            await qemu.Qmp.ExecuteAsync("cont");
            var boot = await new GuestInspector(qemu).WaitForBootAsync(1, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(15));

            Assert.Equal(BootState.Ready, boot.State);
            Assert.Equal(pagingMode, boot.Header.PagingMode);
            Assert.True(boot.Header.Targets > 0);
            Assert.Empty(boot.Header.Refused);
            await qemu.QuitAsync(TimeSpan.FromSeconds(10));
        }
        await fixture.Pool.DeleteSlotAsync(slot);

        var outcome = await new CaseRunner(fixture.Pool).RunAsync(new CaseSpec(config, new Forward(GuestMode.Paused), [fixture.Build("qemu-7.2"), build]));
        var memory = outcome.Observation.Hops.Single().Checks.Single(c => c.Check == "guest-memory");
        Assert.True(memory.Passed, memory.Summary);
    }

    [Fact]
    public void A_refused_enable_reads_as_the_register_and_its_bits()
    {
        Assert.Equal("CR4.SMEP, CR4.SMAP", RefusedEnables.Describe(4, (1u << 20) | (1u << 21)));
        Assert.Equal("EFER.NXE", RefusedEnables.Describe(0xC0000080, 1u << 11));
        Assert.Equal("XCR0.x87, XCR0.SSE, XCR0.AVX", RefusedEnables.Describe(0x10, 7));
        Assert.Equal("paging (CR4.PAE or CR0.PG)", RefusedEnables.Describe(1, 1));
        Assert.Equal(["CR4", "paging"], RefusedEnables.Summary(0b10010));
        Assert.Equal("refused enables, CR4", GuestRegisterNames.Of(GuestRegisterKind.Refused, 4));
        Assert.Equal(["CR4", "EFER"], GuestHeader.Parse(Header(refused: 0b1010)).Refused);
    }

    private static byte[] Header(uint refused)
    {
        var bytes = new byte[GuestLayout.HeaderSize];
        BitConverter.GetBytes(refused).CopyTo(bytes, 0x3C);
        return bytes;
    }
}
