using System.Text.Json;
using MigrationHarness.Abi;

namespace MigrationHarness.Tests.Abi;

/// <summary>How QMP's answers about memory devices and NUMA nodes become fingerprint aspects.</summary>
public sealed class FingerprintTextTests
{
    [Fact]
    public void A_memory_device_shows_every_property_but_its_id_and_how_this_process_got_it()
    {
        using var answer = JsonDocument.Parse("""
            {"memdev": "/objects/vmem0", "hotplugged": true, "memaddr": 4294967296, "requested-size": 0, "size": 0, "max-size": 1073741824,
             "block-size": 2097152, "node": 0, "id": "vmem0"}
            """);

        var text = AbiFingerprintReader.MemoryDeviceText("virtio-mem", answer.RootElement);

        Assert.Equal("virtio-mem block-size 2097152 max-size 1073741824 memaddr 4294967296 memdev /objects/vmem0 node 0 requested-size 0 size 0", text);
    }

    [Fact]
    public void Info_numa_becomes_one_line_per_node_with_its_cpus_size_and_plugged_memory()
    {
        var nodes = AbiFingerprintReader.NumaNodes("2 nodes\r\nnode 0 cpus: 0 1\r\nnode 0 size: 256 MB\r\nnode 0 plugged: 0 MB\r\nnode 1 cpus:\r\nnode 1 size: 384 MB\r\nnode 1 plugged: 128 MB\r\n");

        Assert.Equal([(0, "cpus 0 1, size 256 MB, plugged 0 MB"), (1, "cpus , size 384 MB, plugged 128 MB")], nodes);
        Assert.Empty(AbiFingerprintReader.NumaNodes("0 nodes\r\n"));
        Assert.Empty(AbiFingerprintReader.NumaNodes(""));
    }
}
