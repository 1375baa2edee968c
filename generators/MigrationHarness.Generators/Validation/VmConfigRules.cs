using MigrationHarness.Configs.Capabilities;
using static MigrationHarness.Configs.Validation.ValidationError;

namespace MigrationHarness.Configs.Validation;

/// <summary>
/// The rules a config must keep to be worth running: the shapes QEMU documents as valid, plus,
/// given a <see cref="ConfigSpace"/>, only what every build of the pair knows. The generator and
/// every shrink candidate satisfy them; the parser reports the first broken one to the user.
/// </summary>
public static class VmConfigRules
{
    public const long MemoryAlignmentMiB = 2;
    public const long DimmAlignmentMiB = 128;

    public static IReadOnlyList<ValidationError> Validate(VmConfig config, ConfigSpace? space = null)
    {
        var errors = new List<ValidationError>();
        void Fail(string message) => errors.Add(Critical(message));

        if (space is not null && !space.MachineTypes.Contains(config.MachineType))
            Fail($"machine type '{config.MachineType}' is not known to every build ({string.Join(", ", space.Builds.Select(b => b.Build))})");

        var smp = config.Smp;
        if (smp.Cpus < 1 || smp.Sockets < 1 || smp.Dies < 1 || smp.Cores < 1 || smp.Threads < 1) Fail("-smp values must all be at least 1");
        if (smp.Cpus > smp.MaxCpus) Fail($"-smp cpus={smp.Cpus} exceeds maxcpus={smp.MaxCpus}");
        if (smp.Slots != smp.MaxCpus) Fail($"-smp sockets*dies*cores*threads = {smp.Slots} differs from maxcpus={smp.MaxCpus}");
        if (smp.Threads > 0 && smp.Cpus % smp.Threads != 0) Fail($"-smp cpus={smp.Cpus} is not a whole number of cores of {smp.Threads} threads");
        if (space is not null && smp.MaxCpus > space.CpuMax(config.MachineType))
            Fail($"maxcpus={smp.MaxCpus} exceeds {config.MachineType}'s limit of {space.CpuMax(config.MachineType)}");

        var memory = config.Memory;
        if (memory.SizeMiB < 16 || memory.SizeMiB % MemoryAlignmentMiB != 0) Fail($"-m size {memory.SizeMiB}M must be at least 16M and a multiple of {MemoryAlignmentMiB}M");
        if (memory.MaxMemMiB < memory.SizeMiB) Fail($"maxmem {Sizes.Render(memory.MaxMemMiB)} is below -m {Sizes.Render(memory.SizeMiB)}");
        if ((memory.Slots == 0) != (memory.MaxMemMiB == memory.SizeMiB))
            Fail("slots and maxmem go together: slots > 0 exactly when maxmem > size");
        if (memory.Slots is < 0 or > 256) Fail($"slots={memory.Slots} is outside 0..256");
        if (memory.HasHotplugRegion && !ConfigSpace.SupportsMemoryHotplug(config.MachineType))
            Fail($"{config.MachineType} has no hot-pluggable memory region (slots/maxmem need a 2.1 or later machine type)");

        foreach (var property in config.MachineProperties)
        {
            if (MachinePropertyCatalog.Find(property.Name) is null) Fail($"-machine {property}: not a machine property the model knows");
            else if (space is not null && space.MachinePropertiesFor(config.MachineType).All(e => e.Name != property.Name))
                Fail($"-machine {property}: not a property every build lists for {config.MachineType} ({string.Join(", ", space.Builds.Select(b => b.Build))})");
        }
        if (config.MachineProperties.Select(p => p.Name).Distinct().Count() != config.MachineProperties.Count) Fail("a -machine property is given twice");
        if (space is not null)
            foreach (var refusal in KnownRefusals.ByEveryBuild(config, space))
                Fail($"{refusal.Combination}: every build ({string.Join(", ", space.Builds.Select(b => b.Build))}) refuses to start it ('{refusal.Error}')");

        var backends = config.Numa.Nodes.Select(n => ($"ram-node{n.Id}", n.BackendOptions))
            .Concat(config.Dimms.Select(d => (d.BackendId, d.BackendOptions)))
            .Append((MemoryLayout.BackendId, config.Memory.BackendOptions));
        foreach (var (id, options) in backends)
        {
            foreach (var option in options.Where(o => !BackendOptionCatalog.Names.Contains(o.Name)))
                Fail($"-object memory-backend-ram,id={id}: '{option}' is not a backend option the model knows");
            if (options.Select(o => o.Name).Distinct().Count() != options.Count) Fail($"-object memory-backend-ram,id={id}: an option is given twice");
        }
        if (config.Memory.BackendOptions.Count > 0 && !config.Numa.IsEmpty) Fail("options of the machine's RAM backend need a config without NUMA nodes (their memdevs hold the RAM)");
        if (config.Numa.Backing == NumaBacking.LegacyMem && config.Numa.Nodes.Any(n => n.BackendOptions.Count > 0)) Fail("-numa node,mem= has no backend to give options to");
        if (config.HotDimms.Any(d => d.BackendOptions.Count > 0)) Fail("backend options of a hot-plugged memory device are not modelled (object-add is given size only)");

        ValidateNuma(config, space, Fail);
        ValidateDimms(config, space, Fail);
        ValidateCpu(config, space, Fail);
        return errors;
    }

    public static bool IsValid(VmConfig config, ConfigSpace? space = null) => Validate(config, space).Count == 0;

    private static void ValidateNuma(VmConfig config, ConfigSpace? space, Action<string> fail)
    {
        var numa = config.Numa;
        if (numa.IsEmpty)
        {
            if (numa.Distances.Count > 0) fail("-numa dist without any -numa node");
            return;
        }
        for (var i = 0; i < numa.Nodes.Count; i++)
            if (numa.Nodes[i].Id != i) { fail($"NUMA node ids must be 0..{numa.Nodes.Count - 1} in order"); break; }
        if (numa.Nodes.Any(n => n.MemoryMiB <= 0)) fail("every NUMA node needs memory (a memdev backend cannot be empty)");
        if (numa.Nodes.Sum(n => n.MemoryMiB) != config.Memory.SizeMiB)
            fail($"NUMA node memory adds up to {Sizes.Render(numa.Nodes.Sum(n => n.MemoryMiB))}, not -m {Sizes.Render(config.Memory.SizeMiB)}");
        var cpus = numa.Nodes.SelectMany(n => n.Cpus).ToArray();
        if (cpus.Length != cpus.Distinct().Count()) fail("a vCPU is placed on two NUMA nodes");
        if (cpus.Any(c => c < 0 || c >= config.Smp.MaxCpus)) fail($"a NUMA node names a vCPU outside 0..{config.Smp.MaxCpus - 1}");
        if (numa.Backing == NumaBacking.LegacyMem && space is not null && !space.AcceptsLegacyNumaMem(config.MachineType))
            fail($"-numa node,mem= is refused for {config.MachineType} by some build (use memdev)");
        if (numa.Distances.Count > 0)
        {
            var n = numa.Nodes.Count;
            var pairs = numa.Distances.Select(d => (Math.Min(d.Source, d.Destination), Math.Max(d.Source, d.Destination))).ToHashSet();
            if (numa.Distances.Any(d => d.Source == d.Destination || d.Source >= n || d.Destination >= n || d.Source < 0 || d.Destination < 0))
                fail("-numa dist names a missing node or a node's distance to itself");
            else if (pairs.Count != n * (n - 1) / 2 || pairs.Count != numa.Distances.Count)
                fail("-numa dist must give each pair of nodes exactly once");
            if (numa.Distances.Any(d => d.Value is < 11 or > 255)) fail("-numa dist values between nodes must be 11..255");
        }
    }

    private static void ValidateDimms(VmConfig config, ConfigSpace? space, Action<string> fail)
    {
        var dimms = config.Dimms;
        if (dimms.Count == 0) return;
        if (!config.Memory.HasHotplugRegion) { fail("a memory device needs slots and maxmem on -m"); return; }
        if (dimms.Count > config.Memory.Slots) fail($"{dimms.Count} memory devices exceed slots={config.Memory.Slots}");
        var total = dimms.Sum(d => d.SizeMiB);
        if (total > config.Memory.MaxMemMiB - config.Memory.SizeMiB)
            fail($"memory devices add up to {Sizes.Render(total)}, more than maxmem - size = {Sizes.Render(config.Memory.MaxMemMiB - config.Memory.SizeMiB)}");
        if (dimms.Select(d => d.Id).Distinct().Count() != dimms.Count) fail("two memory devices share an id");
        foreach (var dimm in dimms)
        {
            if (dimm.SizeMiB <= 0 || dimm.SizeMiB % DimmAlignmentMiB != 0) fail($"{dimm.Id}: size must be a positive multiple of {DimmAlignmentMiB}M");
            if (dimm.Node is { } node && (node < 0 || (config.Numa.IsEmpty ? node != 0 : node >= config.Numa.Nodes.Count)))
                fail($"{dimm.Id}: node={node} does not exist");
            if (dimm.Plug == PlugTime.Hot && dimm.Kind != DimmKind.PcDimm)
                fail($"{dimm.Id}: only pc-dimm is hot-plugged ({dimm.Kind} needs a hotplug-capable bus or is cold-only)");
            if (space is not null && !space.DimmKinds.Contains(dimm.Kind)) fail($"{dimm.Id}: {dimm.Kind} is not offered by every build");
        }
    }

    private static void ValidateCpu(VmConfig config, ConfigSpace? space, Action<string> fail)
    {
        var features = config.Cpu.Features;
        if (features.Select(f => f.Name).Distinct().Count() != features.Count) fail("a CPU feature is given twice");
        if (space is null) return;
        if (!space.CpuModels.Contains(config.Cpu.Model)) fail($"CPU model '{config.Cpu.Model}' is not a migration-safe model of every build");
        var unavailable = space.UnavailableFeatures(config.Cpu.Model);
        foreach (var missing in space.UnfilteredMissingFeatures(config.Cpu.Model).Order(StringComparer.Ordinal))
            if (!features.Any(f => f.Name == missing && !f.Enabled))
                fail($"CPU model {config.Cpu.Model} turns on '{missing}', which this host's accelerator cannot give and QEMU does not filter: it must be disabled");
        foreach (var feature in features)
        {
            if (!space.Features.Contains(feature.Name) && !unavailable.Contains(feature.Name))
                fail($"CPU feature '{feature.Name}' is not known to every build");
            if (feature.Policy == FeaturePolicy.Require && !space.HostFeatures.Contains(feature.Name))
                fail($"CPU feature '{feature.Name}' is required but this host cannot give it");
        }
    }
}
