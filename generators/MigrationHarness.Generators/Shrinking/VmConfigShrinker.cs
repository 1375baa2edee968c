using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Configs.Validation;

namespace MigrationHarness.Configs.Shrinking;

/// <summary>
/// Shrink candidates of a config, boldest first (drop all NUMA, all DIMMs, all features, then one
/// at a time, then scale down). Every candidate is valid in the same <see cref="ConfigSpace"/> and
/// strictly smaller by <see cref="ConfigSize"/>; duplicates collapse by value equality.
/// </summary>
public static class VmConfigShrinker
{
    public static IEnumerable<VmConfig> Shrink(VmConfig config, ConfigSpace? space = null)
    {
        var size = ConfigSize.Of(config);
        var seen = new HashSet<VmConfig>();
        foreach (var candidate in Candidates(config))
        {
            if (candidate == config || !seen.Add(candidate)) continue;
            if (ConfigSize.Of(candidate) >= size) continue;
            if (!VmConfigRules.IsValid(candidate, space)) continue;
            yield return candidate;
        }
    }

    private static IEnumerable<VmConfig> Candidates(VmConfig c)
    {
        if (!c.Numa.IsEmpty) yield return WithoutNuma(c);
        if (c.Dimms.Count > 0) yield return c with { Dimms = [] };
        if (c.Cpu.Features.Count > 0) yield return c with { Cpu = c.Cpu with { Features = [] } };
        if (c.MachineProperties.Count > 0) yield return c with { MachineProperties = [] };
        if (HasBackendOptions(c)) yield return WithoutBackendOptions(c);
        if (c.Cpu.Model != "qemu64") yield return c with { Cpu = c.Cpu with { Model = "qemu64" } };
        if (c.Cpu.Model != "qemu64") yield return c with { Cpu = new CpuSpec("qemu64", []) };
        if (c.Dimms.Count == 0 && c.Memory.HasHotplugRegion) yield return c with { Memory = MemoryLayout.Fixed(c.Memory.SizeMiB) };
        if (c.Smp != SmpTopology.Single) yield return WithTopology(c, SmpTopology.Single);
        if (c.Numa.Distances.Count > 0) yield return c with { Numa = c.Numa with { Distances = [] } };

        for (var i = c.Numa.Nodes.Count - 1; i >= 0 && c.Numa.Nodes.Count > 1; i--) yield return WithoutNode(c, i);
        for (var i = c.Dimms.Count - 1; i >= 0; i--) yield return c with { Dimms = c.Dimms.RemoveAt(i) };
        for (var i = c.Cpu.Features.Count - 1; i >= 0; i--) yield return c with { Cpu = c.Cpu with { Features = c.Cpu.Features.RemoveAt(i) } };
        for (var i = c.MachineProperties.Count - 1; i >= 0 && c.MachineProperties.Count > 1; i--) yield return c with { MachineProperties = c.MachineProperties.RemoveAt(i) };
        for (var i = 0; i < c.Dimms.Count; i++)
        {
            var dimm = c.Dimms[i];
            if (dimm.Plug == PlugTime.Hot) yield return c with { Dimms = c.Dimms.SetItem(i, dimm with { Plug = PlugTime.Cold }) };
            if (dimm.SizeMiB >= 256) yield return c with { Dimms = c.Dimms.SetItem(i, dimm with { SizeMiB = dimm.SizeMiB / 256 * 128 }) };
            if (dimm.Kind != DimmKind.PcDimm) yield return c with { Dimms = c.Dimms.SetItem(i, dimm with { Kind = DimmKind.PcDimm }) };
        }

        foreach (var smaller in SmallerTopologies(c.Smp)) yield return WithTopology(c, smaller);
        foreach (var smaller in SmallerMemory(c)) yield return smaller;
        if (c.Numa.Backing == NumaBacking.LegacyMem) yield return c with { Numa = c.Numa with { Backing = NumaBacking.Memdev } };
    }

    private static bool HasBackendOptions(VmConfig c) =>
        c.Memory.BackendOptions.Count > 0 || c.Numa.Nodes.Any(n => n.BackendOptions.Count > 0) || c.Dimms.Any(d => d.BackendOptions.Count > 0);

    private static VmConfig WithoutBackendOptions(VmConfig c) => c with
    {
        Memory = c.Memory with { BackendOptions = [] },
        Numa = c.Numa with { Nodes = c.Numa.Nodes.Select(n => n with { BackendOptions = [] }).ToValueList() },
        Dimms = c.Dimms.Select(d => d with { BackendOptions = [] }).ToValueList(),
    };

    private static VmConfig WithoutNuma(VmConfig c) =>
        c with { Numa = NumaLayout.None, Dimms = c.Dimms.Select(d => d with { Node = null }).ToValueList() };

    /// <summary>Drops node <paramref name="index"/>: its memory and vCPUs go to a neighbour, later ids move down by one.</summary>
    private static VmConfig WithoutNode(VmConfig c, int index)
    {
        var nodes = c.Numa.Nodes;
        var heir = index == 0 ? 1 : index - 1;
        var merged = new List<NumaNode>();
        for (var i = 0; i < nodes.Count; i++)
        {
            if (i == index) continue;
            var node = nodes[i];
            if (i == heir)
                node = node with { MemoryMiB = node.MemoryMiB + nodes[index].MemoryMiB, Cpus = node.Cpus.Concat(nodes[index].Cpus).Order().ToValueList() };
            merged.Add(node with { Id = merged.Count });
        }
        int Renumber(int id) => id == index ? (heir > index ? heir - 1 : heir) : id > index ? id - 1 : id;
        var distances = c.Numa.Distances.Count == 0 || merged.Count < 2
            ? ValueList<NumaDistance>.Empty
            : c.Numa.Distances.Where(d => d.Source != index && d.Destination != index)
                .Select(d => d with { Source = Renumber(d.Source), Destination = Renumber(d.Destination) }).ToValueList();
        return c with
        {
            Numa = c.Numa with { Nodes = merged.ToValueList(), Distances = distances },
            Dimms = c.Dimms.Select(d => d.Node is { } n ? d with { Node = Renumber(n) } : d).ToValueList(),
        };
    }

    private static IEnumerable<SmpTopology> SmallerTopologies(SmpTopology smp)
    {
        SmpTopology Shape(int sockets, int dies, int cores, int threads)
        {
            var max = sockets * dies * cores * threads;
            var cpus = Math.Max(threads, Math.Min(smp.Cpus, max) / threads * threads);
            return new SmpTopology(cpus, max, sockets, dies, cores, threads);
        }
        if (smp.Sockets > 1) yield return Shape(1, smp.Dies, smp.Cores, smp.Threads);
        if (smp.Cores > 1) yield return Shape(smp.Sockets, smp.Dies, 1, smp.Threads);
        if (smp.Dies > 1) yield return Shape(smp.Sockets, 1, smp.Cores, smp.Threads);
        if (smp.Threads > 1) yield return Shape(smp.Sockets, smp.Dies, smp.Cores, 1);
        if (smp.Sockets > 2) yield return Shape(smp.Sockets / 2, smp.Dies, smp.Cores, smp.Threads);
        if (smp.Cores > 2) yield return Shape(smp.Sockets, smp.Dies, smp.Cores / 2, smp.Threads);
        if (smp.Cpus > smp.Threads) yield return smp with { Cpus = smp.Threads };
    }

    private static VmConfig WithTopology(VmConfig c, SmpTopology smp) => c with
    {
        Smp = smp,
        Numa = c.Numa with { Nodes = c.Numa.Nodes.Select(n => n with { Cpus = n.Cpus.Where(cpu => cpu < smp.MaxCpus).ToValueList() }).ToValueList() },
    };

    private static IEnumerable<VmConfig> SmallerMemory(VmConfig c)
    {
        var memory = c.Memory;
        var dimmTotal = c.Dimms.Sum(d => d.SizeMiB);
        long Half(long mib) => Math.Max(128, mib / 256 * 128);
        if (c.Numa.IsEmpty && memory.SizeMiB > 128)
        {
            var size = Half(memory.SizeMiB);
            yield return c with { Memory = memory.HasHotplugRegion ? memory with { SizeMiB = size, MaxMemMiB = memory.MaxMemMiB - memory.SizeMiB + size } : MemoryLayout.Fixed(size) };
            yield return c with { Memory = memory.HasHotplugRegion ? memory with { SizeMiB = 128, MaxMemMiB = memory.MaxMemMiB - memory.SizeMiB + 128 } : MemoryLayout.Fixed(128) };
        }
        for (var i = 0; i < c.Numa.Nodes.Count; i++)
        {
            var node = c.Numa.Nodes[i];
            if (node.MemoryMiB <= 128) continue;
            var smaller = Half(node.MemoryMiB);
            var size = memory.SizeMiB - node.MemoryMiB + smaller;
            yield return c with
            {
                Numa = c.Numa with { Nodes = c.Numa.Nodes.SetItem(i, node with { MemoryMiB = smaller }) },
                Memory = memory with { SizeMiB = size, MaxMemMiB = memory.HasHotplugRegion ? memory.MaxMemMiB - memory.SizeMiB + size : size },
            };
        }
        if (memory.HasHotplugRegion)
        {
            var tight = memory.SizeMiB + Math.Max(1024, (dimmTotal + 1023) / 1024 * 1024);
            if (tight < memory.MaxMemMiB) yield return c with { Memory = memory with { MaxMemMiB = tight } };
            var slots = Math.Max(1, c.Dimms.Count);
            if (slots < memory.Slots) yield return c with { Memory = memory with { Slots = slots } };
        }
    }
}
