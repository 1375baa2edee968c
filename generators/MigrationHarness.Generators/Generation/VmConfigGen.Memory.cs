using FsCheck;
using FsCheck.Fluent;
using MigrationHarness.Configs.Capabilities;

namespace MigrationHarness.Configs.Generation;

public static partial class VmConfigGen
{
    private static Gen<MemoryLayout> HotplugRegion(GenerationLimits limits, long sizeMiB, int size)
    {
        if (limits.MaxSlots == 0 || limits.MaxMaxMemMiB - sizeMiB < 1024) return Gen.Constant(MemoryLayout.Fixed(sizeMiB));
        var maxSlots = Math.Min(limits.MaxSlots, Scale(size, limits.MaxSlots));
        var headroomGiB = (int)Math.Max(1, (limits.MaxMaxMemMiB - sizeMiB) / 1024);
        var scaledGiB = Math.Max(1, headroomGiB * size / MaxSize);
        var region =
            from slots in Gen.Choose(1, maxSlots)
            from extraGiB in Gen.Frequency(
                (6, Gen.Choose(1, Math.Min(scaledGiB, 16))),
                (3, Gen.Choose(Math.Min(scaledGiB, 16), Math.Min(scaledGiB, 256))),
                (1, Gen.Choose(Math.Min(scaledGiB, 256), scaledGiB)))
            select new MemoryLayout(sizeMiB, slots, sizeMiB + extraGiB * 1024L);
        return Gen.Frequency((2, Gen.Constant(MemoryLayout.Fixed(sizeMiB))), (3, region));
    }

    private static Gen<ValueList<Dimm>> Dimms(ConfigSpace space, GenerationLimits limits, MemoryLayout memory, long sizeMiB, NumaLayout numa, RamScale ram, int size)
    {
        if (!memory.HasHotplugRegion || space.DimmKinds.Count == 0) return Gen.Constant(ValueList<Dimm>.Empty);
        var budget = Math.Min(memory.MaxMemMiB - sizeMiB, limits.MaxTotalMemoryMiB - sizeMiB);
        return Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Choose(1, memory.Slots)))
            .SelectMany(count => DimmList(space, limits, numa, ram, 0, count, budget, size))
            .Select(list => list.ToValueList());
    }

    /// <summary>Draws DIMMs one by one from a shrinking memory budget, so they always fit maxmem.</summary>
    private static Gen<IReadOnlyList<Dimm>> DimmList(ConfigSpace space, GenerationLimits limits, NumaLayout numa, RamScale ram, int index, int count, long budgetMiB, int size)
    {
        if (index >= count || budgetMiB < 128) return Gen.Constant<IReadOnlyList<Dimm>>([]);
        var maxUnits = (int)Math.Max(1, Math.Min(budgetMiB, limits.MaxDimmMiB) / 128 * Math.Max(size, 10) / MaxSize);
        var kinds = space.DimmKinds.Select(k => (k == DimmKind.PcDimm ? 6 : 1, Gen.Constant(k)));
        return from kind in Gen.Frequency(kinds)
               from units in ram == RamScale.Large ? Gen.Choose(1, maxUnits) : Gen.Choose(1, Math.Min(maxUnits, 2))
               from plug in kind == DimmKind.PcDimm ? Gen.Elements(PlugTime.Cold, PlugTime.Hot) : Gen.Constant(PlugTime.Cold)
               from node in numa.IsEmpty ? Gen.Constant<int?>(null) : Gen.Choose(0, numa.Nodes.Count - 1).Select(n => (int?)n)
               let dimm = new Dimm($"dimm{index}", kind, units * 128L, node, plug)
               from rest in DimmList(space, limits, numa, ram, index + 1, count, budgetMiB - dimm.SizeMiB, size)
               select (IReadOnlyList<Dimm>)[dimm, .. rest];
    }
}
