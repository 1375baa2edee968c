using FsCheck;
using FsCheck.Fluent;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Configs.Shrinking;
using MigrationHarness.Configs.Validation;

namespace MigrationHarness.Configs.Generation;

/// <summary>
/// FsCheck generators of <see cref="VmConfig"/> valid for every build of a <see cref="ConfigSpace"/>.
/// Sizes scale with FsCheck's size (0..100): at 0 a single-vCPU VM without NUMA or DIMMs, at 100
/// up to the <see cref="GenerationLimits"/>.
/// </summary>
public static partial class VmConfigGen
{
    public const int MaxSize = 100;

    public static Gen<VmConfig> For(ConfigSpace space) => Gen.Sized(size => Generate(space, Math.Clamp(size, 0, MaxSize)));

    /// <summary>The generator with its shrinker: <c>Select</c> would lose shrinking, so it is attached explicitly.</summary>
    public static Arbitrary<VmConfig> Arbitrary(ConfigSpace space) => Arb.From(For(space), config => VmConfigShrinker.Shrink(config, space));

    /// <summary>
    /// The config of case <paramref name="index"/> of a campaign with <paramref name="seed"/>: the same
    /// seed, index, size and space always give the same config.
    /// </summary>
    public static VmConfig Sample(ConfigSpace space, ulong seed, long index, int size)
    {
        var rnd = new Rnd(seed ^ (0x9E3779B97F4A7C15UL * (ulong)(index + 1)), 0xBF58476D1CE4E5B9UL);
        return For(space).Sample(1, rnd, Math.Clamp(size, 0, MaxSize))[0];
    }

    /// <summary>A seed from a name (e.g. a pair of builds) that is the same in every process, unlike string.GetHashCode.</summary>
    public static ulong StableSeed(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text) hash = (hash ^ c) * 1099511628211UL;
        return hash;
    }

    private static Gen<VmConfig> Generate(ConfigSpace space, int size) =>
        from drawn in Drawn(space, size)
        from config in WithBackendOption(drawn)
        select config;

    private static Gen<VmConfig> Drawn(ConfigSpace space, int size) =>
        from machine in MachineType(space)
        from cpu in Cpu(space, size)
        from boundary in Gen.Frequency((19, Gen.Constant(false)), (1, Gen.Constant(true)))
        let limits = LimitsFor(space, machine, cpu.Model, ignoreAddressWidth: boundary)
        from smp in Smp(Math.Min(space.CpuMax(machine), limits.MaxVcpus), size)
        from ram in RamScaleGen
        from numa in Numa(space, limits, machine, smp, ram, size)
        from memorySize in numa.IsEmpty ? MemorySize(limits, ram, size) : Gen.Constant(numa.Nodes.Sum(n => n.MemoryMiB))
        from hotplug in HotplugRegion(limits, memorySize, size)
        from dimms in Dimms(space, limits, hotplug, memorySize, numa, ram, size)
        let drawn = new VmConfig(machine, space.Accelerator, smp, hotplug, numa, dimms, cpu)
        from properties in MachineProperties(space, drawn)
        select drawn with { MachineProperties = properties };

    /// <summary>
    /// One config in six gives one memory backend (a NUMA node's memdev, a cold device's, or
    /// without NUMA the machine's RAM backend) one of the catalog's generated options; a
    /// preallocated one is small, since preallocation commits host memory.
    /// </summary>
    private static Gen<VmConfig> WithBackendOption(VmConfig config)
    {
        var targets = new List<(long SizeMiB, Func<BackendOption, VmConfig> Apply)>();
        if (config.Numa.IsEmpty) targets.Add((config.Memory.SizeMiB, o => config with { Memory = config.Memory with { BackendOptions = [o] } }));
        if (config.Numa.Backing == NumaBacking.Memdev)
            for (var i = 0; i < config.Numa.Nodes.Count; i++)
            {
                var index = i;
                targets.Add((config.Numa.Nodes[i].MemoryMiB, o => config with
                {
                    Numa = config.Numa with { Nodes = config.Numa.Nodes.SetItem(index, config.Numa.Nodes[index] with { BackendOptions = [o] }) },
                }));
            }
        for (var i = 0; i < config.Dimms.Count; i++)
        {
            if (config.Dimms[i].Plug != PlugTime.Cold) continue;
            var index = i;
            targets.Add((config.Dimms[i].SizeMiB, o => config with { Dimms = config.Dimms.SetItem(index, config.Dimms[index] with { BackendOptions = [o] }) }));
        }
        if (targets.Count == 0) return Gen.Constant(config);
        var changed = from target in Gen.Elements(targets.ToArray())
                      from option in Gen.Elements(BackendOptionCatalog.Generated.Where(o => o.Name != "prealloc" || target.SizeMiB <= BackendOptionCatalog.MaxPreallocMiB).ToArray())
                      select target.Apply(option);
        return Gen.Frequency((5, Gen.Constant(config)), (1, changed));
    }

    /// <summary>
    /// Most configs keep the machine's defaults; one in four sets one or two catalog properties
    /// every build of the pair lists for its family (a RAM split only below the RAM size, where it changes the map),
    /// never to a value every build refuses together with the rest of <paramref name="config"/> (<see cref="KnownRefusals"/>).
    /// </summary>
    private static Gen<ValueList<MachineProperty>> MachineProperties(ConfigSpace space, VmConfig config)
    {
        var entries = space.MachinePropertiesFor(config.MachineType)
            .Where(e => e.Name != "max-ram-below-4g" || config.Memory.SizeMiB > 1024)
            .Select(e => e with { Values = e.Values.Where(v => !KnownRefusals.ByEveryBuild(config with { MachineProperties = [new(e.Name, v)] }, space).Any()).ToArray() })
            .Where(e => e.Values.Count > 0)
            .ToArray();
        if (entries.Length == 0) return Gen.Constant(ValueList<MachineProperty>.Empty);
        var one = from entry in Gen.Elements(entries)
                  from value in Gen.Elements(entry.Values.ToArray())
                  select new MachineProperty(entry.Name, value);
        var some = from count in Gen.Choose(1, Math.Min(2, entries.Length))
                   from drawn in Gen.ListOf(one, count)
                   select drawn.GroupBy(p => p.Name).Select(g => g.First()).OrderBy(p => p.Name, StringComparer.Ordinal).ToValueList();
        return Gen.Frequency((3, Gen.Constant(ValueList<MachineProperty>.Empty)), (1, some));
    }

    /// <summary>
    /// The limits for one config: a 32-bit CPU model's guest addresses 4 GiB (RAM below the PCI hole,
    /// no hotplug region), a PAE one 64 GiB; machine types before 2.1 have no hotplug region. One
    /// config in twenty ignores the address width on purpose: older builds start such a guest,
    /// newer ones refuse it, and that difference is worth seeing.
    /// </summary>
    private static GenerationLimits LimitsFor(ConfigSpace space, string machine, string model, bool ignoreAddressWidth)
    {
        var limits = space.Limits;
        if (!ConfigSpace.SupportsMemoryHotplug(machine)) limits = limits with { MaxSlots = 0 };
        if (ignoreAddressWidth) return limits;
        return space.AddressBits(model) switch
        {
            <= 32 => limits with
            {
                MaxAllocationMiB = Math.Min(limits.MaxAllocationMiB, 2048), MaxTotalMemoryMiB = Math.Min(limits.MaxTotalMemoryMiB, 2048), MaxMaxMemMiB = 2048, MaxSlots = 0,
            },
            <= 36 => limits with
            {
                MaxAllocationMiB = Math.Min(limits.MaxAllocationMiB, 16 * 1024),
                MaxTotalMemoryMiB = Math.Min(limits.MaxTotalMemoryMiB, 32 * 1024),
                MaxMaxMemMiB = 40 * 1024,
            },
            _ => limits,
        };
    }

    private static Gen<string> MachineType(ConfigSpace space)
    {
        var own = space.Builds.SelectMany(b => new[] { $"pc-q35-{b.Version.Major}.{b.Version.Minor}", $"pc-i440fx-{b.Version.Major}.{b.Version.Minor}" })
            .Where(space.MachineTypes.Contains).ToArray();
        var versioned = space.MachineTypes.Where(MachineTypes.IsVersioned).ToArray();
        var aliases = space.MachineTypes.Where(m => !MachineTypes.IsVersioned(m)).ToArray();
        var choices = new List<(int, Gen<string>)>();
        if (own.Length > 0) choices.Add((4, Gen.Elements(own)));
        if (versioned.Length > 0) choices.Add((4, Gen.Elements(versioned)));
        if (aliases.Length > 0) choices.Add((1, Gen.Elements(aliases)));
        return Gen.Frequency(choices);
    }

    private static int Scale(int size, int max) => Math.Max(1, (int)Math.Round(1 + (max - 1) * size / (double)MaxSize));

    /// <summary>
    /// Most configs stay within <see cref="CommonVcpus"/>: under TCG a guest of 240 vCPUs takes
    /// several times as long per case. One draw in twenty is a large topology up to the space's
    /// limit (the machine type's <c>cpu-max</c> and <see cref="GenerationLimits.MaxVcpus"/>).
    /// </summary>
    private static Gen<SmpTopology> Smp(int cpuMax, int size) => cpuMax <= CommonVcpus
        ? CommonSmp(cpuMax, size)
        : Gen.Frequency((19, CommonSmp(CommonVcpus, size)), (1, LargeSmp(cpuMax, size)));

    public const int CommonVcpus = 48;

    private static Gen<SmpTopology> CommonSmp(int cpuMax, int size) =>
        from threads in Gen.Frequency((4, Gen.Constant(1)), (2, Gen.Constant(2)))
        from dies in Gen.Frequency((5, Gen.Constant(1)), (1, Gen.Constant(2)))
        from cores in Gen.Choose(1, 8)
        from sockets in Gen.Choose(1, 4)
        let shape = FitTopology(Math.Min(cpuMax, Scale(size, cpuMax)), sockets, dies, cores, threads)
        from startCores in Gen.Choose(1, shape.MaxCpus / shape.Threads)
        select shape with { Cpus = startCores * shape.Threads };

    private static Gen<SmpTopology> LargeSmp(int cpuMax, int size) =>
        from threads in Gen.Frequency((3, Gen.Constant(1)), (1, Gen.Constant(2)))
        from cores in Gen.Choose(8, 32)
        from sockets in Gen.Choose(1, 8)
        let shape = FitTopology(Math.Min(cpuMax, Scale(size, cpuMax)), sockets, 1, cores, threads)
        from startCores in Gen.Choose(Math.Max(1, shape.MaxCpus / shape.Threads / 2), shape.MaxCpus / shape.Threads)
        select shape with { Cpus = startCores * shape.Threads };

    /// <summary>Shrinks a drawn topology until it fits <paramref name="limit"/> vCPUs, largest factor first.</summary>
    private static SmpTopology FitTopology(int limit, int sockets, int dies, int cores, int threads)
    {
        // APIC IDs pack each level into whole bits: a shape whose highest ID passes the xAPIC range would need an IOMMU with
        // extended interrupt mode, which the configs do not model, so it is shrunk like one with too many vCPUs.
        while (sockets * dies * cores * threads > limit || SmpTopology.HighestApicId(sockets, dies, cores, threads) > SmpTopology.MaxXapicId)
        {
            if (cores > 1 && cores >= sockets) cores--;
            else if (sockets > 1) sockets--;
            else if (dies > 1) dies--;
            else if (cores > 1) cores--;
            else threads--;
        }
        var max = sockets * dies * cores * threads;
        return new SmpTopology(max, max, sockets, dies, cores, threads);
    }

    /// <summary>
    /// Most guests are small: both sides of every hop fault in and scan all of a guest's RAM, so on a
    /// host that backs its own memory lazily (a VM, as CI machines are) each GiB costs seconds per
    /// hop, while what QEMU does differently with more RAM happens at a few boundaries (the below-4G
    /// split, a NUMA node's share, a DIMM in the hot-plug region) that small amounts also cross.
    /// One config in ten is large: its RAM, nodes and DIMMs are drawn up to the caps.
    /// </summary>
    private static readonly Gen<RamScale> RamScaleGen = Gen.Frequency((9, Gen.Constant(RamScale.Small)), (1, Gen.Constant(RamScale.Large)));

    /// <summary>The RAM of a guest without NUMA: up to 512 MiB mostly and up to 2 GiB otherwise when small; from 2 GiB to the cap when large.</summary>
    private static Gen<long> MemorySize(GenerationLimits limits, RamScale ram, int size)
    {
        var units = (int)Math.Max(1, limits.MaxAllocationMiB / 128 * size / MaxSize);
        return (ram == RamScale.Large
                ? Gen.Choose(Math.Min(units, 16), units)
                : Gen.Frequency((4, Gen.Choose(1, Math.Min(units, 4))), (1, Gen.Choose(Math.Min(units, 4), Math.Min(units, 16)))))
            .Select(u => u * 128L);
    }
}
