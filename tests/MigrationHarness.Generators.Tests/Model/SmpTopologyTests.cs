using MigrationHarness.Configs;

namespace MigrationHarness.Generators.Tests.Model;

/// <summary>APIC IDs as x86 QEMU packs a topology: each level takes the bits its count needs.</summary>
public sealed class SmpTopologyTests
{
    [Theory]
    [InlineData(1, 1, 1, 1, 0)]
    [InlineData(4, 1, 1, 1, 3)]
    [InlineData(8, 1, 30, 1, 253)]          // 30 cores take 5 bits: socket 7 starts at 224
    [InlineData(2, 2, 3, 2, 29)]            // 1 thread bit, 2 core bits, 1 die bit
    [InlineData(255, 1, 1, 1, 254)]
    [InlineData(4, 2, 8, 2, 127)]
    [InlineData(3, 1, 33, 1, 160)]          // 33 cores take 6 bits: the IDs are sparse
    public void The_highest_apic_id_packs_each_level_into_whole_bits(int sockets, int dies, int cores, int threads, int expected)
    {
        Assert.Equal(expected, SmpTopology.HighestApicId(sockets, dies, cores, threads));
        Assert.Equal(expected, new SmpTopology(1, sockets * dies * cores * threads, sockets, dies, cores, threads).HighestApicId());
    }
}
