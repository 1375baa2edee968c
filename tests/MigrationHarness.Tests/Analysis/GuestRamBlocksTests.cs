using MigrationHarness.Analysis.Causes;
using MigrationHarness.Configs;

namespace MigrationHarness.Tests.Analysis;

/// <summary>The RAM blocks of guest memory a config makes, as QEMU allocates them.</summary>
public sealed class GuestRamBlocksTests
{
    private static readonly VmConfig Plain = VmConfig.Minimal("pc-q35-7.2", Accelerator.Tcg);

    private static NumaLayout Nodes(NumaBacking backing, params long[] mib) =>
        new(backing, mib.Select((m, i) => new NumaNode(i, m, i == 0 ? [0] : [])).ToValueList(), []);

    [Fact]
    public void A_guest_without_nodes_or_memory_devices_has_one_block()
    {
        Assert.Equal(1, GuestRamBlocks.Of(Plain));
    }

    [Fact]
    public void Each_node_on_its_own_memdev_is_a_block_and_legacy_mem_nodes_share_the_machines()
    {
        Assert.Equal(3, GuestRamBlocks.Of(Plain with { Numa = Nodes(NumaBacking.Memdev, 256, 256, 128) }));
        Assert.Equal(1, GuestRamBlocks.Of(Plain with { Numa = Nodes(NumaBacking.LegacyMem, 256, 256) }));
    }

    [Fact]
    public void Every_memory_device_adds_its_backend_cold_or_hot()
    {
        var dimms = new[] { new Dimm("dimm0", DimmKind.PcDimm, 128, null, PlugTime.Cold), new Dimm("dimm1", DimmKind.PcDimm, 256, null, PlugTime.Hot) }.ToValueList();

        Assert.Equal(3, GuestRamBlocks.Of(Plain with { Dimms = dimms }));
        Assert.Equal(4, GuestRamBlocks.Of(Plain with { Numa = Nodes(NumaBacking.Memdev, 128, 128), Dimms = dimms }));
    }
}
