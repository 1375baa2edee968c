using FsCheck;
using FsCheck.Fluent;
using MigrationHarness.Configs.Capabilities;

namespace MigrationHarness.Configs.Generation;

public static partial class VmConfigGen
{
    private static Gen<NumaLayout> Numa(ConfigSpace space, GenerationLimits limits, string machine, SmpTopology smp, RamScale ram, int size)
    {
        var maxNodes = Math.Min(limits.MaxNumaNodes, Scale(size, limits.MaxNumaNodes));
        var legacy = space.AcceptsLegacyNumaMem(machine);
        return Gen.Frequency((5, Gen.Constant(0)), (5, Gen.Choose(1, maxNodes))).SelectMany(count => count == 0
            ? Gen.Constant(NumaLayout.None)
            : from backing in legacy ? Gen.Frequency((3, Gen.Constant(NumaBacking.Memdev)), (2, Gen.Constant(NumaBacking.LegacyMem))) : Gen.Constant(NumaBacking.Memdev)
              from memory in NodeMemory(limits, backing, count, ram, size)
              from cpus in NodeCpus(smp, count)
              from distances in Gen.Frequency((3, Gen.Constant(ValueList<NumaDistance>.Empty)), (1, Distances(count)))
              select new NumaLayout(backing,
                  Enumerable.Range(0, count).Select(i => new NumaNode(i, memory[i], cpus[i])).ToValueList(), distances));
    }

    /// <summary>
    /// Per-node memory in 128 MiB units. With memdev every node is its own allocation; with legacy
    /// <c>mem=</c> all nodes share the one main RAM allocation, so their sum obeys the single cap.
    /// </summary>
    private static Gen<long[]> NodeMemory(GenerationLimits limits, NumaBacking backing, int count, RamScale ram, int size)
    {
        var perNodeCap = backing == NumaBacking.Memdev
            ? Math.Min(limits.MaxAllocationMiB, limits.MaxTotalMemoryMiB / count)
            : limits.MaxAllocationMiB / count;
        var units = (int)Math.Max(1, perNodeCap / 128 * size / MaxSize);
        // A small guest's nodes have 128 or 256 MiB each (see RamScaleGen): a node's memory shows the same way at 128 MiB as at 2 GiB.
        return Gen.ArrayOf(ram == RamScale.Large ? Gen.Choose(1, units) : Gen.Choose(1, Math.Min(units, 2)), count)
            .Select(a => a.Select(u => u * 128L).ToArray());
    }

    /// <summary>
    /// Every vCPU index (including hot-pluggable ones) on exactly one node, in contiguous runs of
    /// whole cores (threads of a core never split) or whole sockets; nodes may end up memory-only.
    /// </summary>
    private static Gen<ValueList<int>[]> NodeCpus(SmpTopology smp, int count)
    {
        var perSocket = smp.Dies * smp.Cores * smp.Threads;
        return from unit in Gen.Frequency((2, Gen.Constant(smp.Threads)), (1, Gen.Constant(perSocket)))
               let units = smp.MaxCpus / unit
               from owners in Gen.ArrayOf(Gen.Choose(0, count - 1), units)
               let sorted = owners.Order().ToArray()
               select Enumerable.Range(0, count)
                   .Select(node => Enumerable.Range(0, units).Where(u => sorted[u] == node)
                       .SelectMany(u => Enumerable.Range(u * unit, unit)).ToValueList())
                   .ToArray();
    }

    private static Gen<ValueList<NumaDistance>> Distances(int count)
    {
        var pairs = (from a in Enumerable.Range(0, count) from b in Enumerable.Range(0, count) where a < b select (a, b)).ToArray();
        return pairs.Length == 0
            ? Gen.Constant(ValueList<NumaDistance>.Empty)
            : Gen.ArrayOf(Gen.Choose(11, 40), pairs.Length)
                .Select(values => pairs.Select((p, i) => new NumaDistance(p.a, p.b, values[i])).ToValueList());
    }
}
