using MigrationHarness.Configs.Capabilities;

namespace MigrationHarness.Configs.Coverage;

/// <summary>
/// The dimensions of a <see cref="VmConfig"/> that decide which migration code paths a case
/// exercises, in one place: every report, tier row, claim and the steered generator read them from
/// here, so a dimension added to this list shows up everywhere without edits elsewhere.
/// </summary>
public static class CoverageModel
{
    public static readonly IReadOnlyList<CoverageDimension> Dimensions =
    [
        new("machine-family", c => [MachineTypes.Family(c.MachineType)], s => s.MachineTypes.Select(MachineTypes.Family).Distinct()),
        new("machine-version", c => [MachineTypes.IsVersioned(c.MachineType) ? "versioned" : "alias"],
            s => s.MachineTypes.Select(m => MachineTypes.IsVersioned(m) ? "versioned" : "alias").Distinct()),
        new("accelerator", c => [c.Accelerator.ToString().ToLowerInvariant()], s => [s.Accelerator.ToString().ToLowerInvariant()]),
        new("vcpus", c => [Band(c.Smp.Cpus, (1, "1"), (4, "2-4"), (16, "5-16"), (int.MaxValue, "17+"))],
            s => new[] { "1", "2-4", "5-16", "17+" }.Take(s.Limits.MaxVcpus >= 17 ? 4 : s.Limits.MaxVcpus >= 5 ? 3 : s.Limits.MaxVcpus >= 2 ? 2 : 1)),
        new("topology", c => [c.Smp.Dies > 1 ? "dies" : c.Smp.Threads > 1 ? "threads" : c.Smp.Cores > 1 ? "cores" : "sockets"], _ => ["sockets", "cores", "threads", "dies"]),
        new("vcpu-hotplug", c => [c.Smp.Cpus < c.Smp.MaxCpus ? "spare vcpus" : "all present"], _ => ["spare vcpus", "all present"]),
        new("numa-backing", c => [c.Numa.IsEmpty ? "none" : c.Numa.Backing == NumaBacking.LegacyMem ? "mem" : "memdev"],
            s => s.MachineTypes.Any(s.AcceptsLegacyNumaMem) ? ["none", "memdev", "mem"] : ["none", "memdev"]),
        new("numa-nodes", c => [Band(c.Numa.Nodes.Count, (0, "0"), (1, "1"), (2, "2"), (4, "3-4"), (int.MaxValue, "5+"))],
            s => new[] { "0", "1", "2", "3-4", "5+" }.Take(s.Limits.MaxNumaNodes >= 5 ? 5 : s.Limits.MaxNumaNodes + 1)),
        new("numa-distances", c => [c.Numa.IsEmpty ? "no numa" : c.Numa.Distances.Count > 0 ? "table" : "default"], _ => ["no numa", "table", "default"]),
        new("memory-device", MemoryDevices, s => new[] { "none" }.Concat(s.DimmKinds.SelectMany(k => k == DimmKind.PcDimm ? new[] { "pc-dimm/cold", "pc-dimm/hot" } : [DeviceName(k)]))),
        new("memory-size", c => [Band((int)Math.Min(int.MaxValue, c.Memory.SizeMiB), (512, "≤512M"), (2048, "≤2G"), (8192, "≤8G"), (int.MaxValue, ">8G"))],
            s => new[] { "≤512M", "≤2G", "≤8G", ">8G" }.Take(s.Limits.MaxAllocationMiB > 8192 ? 4 : s.Limits.MaxAllocationMiB > 2048 ? 3 : s.Limits.MaxAllocationMiB > 512 ? 2 : 1)),
        new("cpu-vendor", c => [CpuVendors.Vendor(c.Cpu.Model)], s => s.CpuModels.Select(CpuVendors.Vendor).Distinct()),
        new("machine-property", c => c.MachineProperties.Count == 0 ? ["none"] : c.MachineProperties.Select(p => p.Name),
            s => new[] { "none" }.Concat(s.MachineTypes.SelectMany(s.MachinePropertiesFor).Select(e => e.Name).Distinct())) { Pairwise = false, Required = false },
        new("backend-option", BackendOptions, _ => new[] { "none" }.Concat(BackendOptionCatalog.Generated.Select(o => o.Name))) { Pairwise = false, Required = false },
        new("cpu-family", c => [CpuVendors.Family(c.Cpu.Model)], s => s.CpuModels.Select(CpuVendors.Family).Distinct()) { Pairwise = false, Required = false },
        new("feature-policy", c => c.Cpu.Features.Count == 0 ? ["none"] : c.Cpu.Features.Select(f => f.Policy.ToString().ToLowerInvariant()).Distinct(),
            _ => new[] { "none" }.Concat(Enum.GetValues<FeaturePolicy>().Select(p => p.ToString().ToLowerInvariant()))),
    ];

    /// <summary>Whether a class belongs to a required dimension (classes of dimensions the model does not have, e.g. scenario, are not).</summary>
    public static bool IsRequired(CoverageClass c) => Dimensions.FirstOrDefault(d => d.Name == c.Dimension)?.Required == true;

    /// <summary>The classes one config exercises.</summary>
    public static IReadOnlyList<CoverageClass> Of(VmConfig config) =>
        Dimensions.SelectMany(d => d.Classify(config).Select(c => new CoverageClass(d.Name, c))).Distinct().ToArray();

    /// <summary>The classes a pair's space can produce (the universe a campaign or claim should cover).</summary>
    public static IReadOnlyList<CoverageClass> Universe(ConfigSpace space) =>
        Dimensions.SelectMany(d => d.Valid(space).Select(c => new CoverageClass(d.Name, c))).Distinct().ToArray();

    /// <summary>
    /// The required classes (<see cref="CoverageDimension.Required"/>) configs of one machine type can
    /// have in a pair's space: the machine's own family and version class, no legacy NUMA memory where
    /// the machine type refuses it, no memory devices without a hot-plug region, no more vCPUs than it takes.
    /// </summary>
    public static IReadOnlyList<CoverageClass> RequiredFor(ConfigSpace space, string machineType)
    {
        var own = Of(VmConfig.Minimal(machineType, space.Accelerator)).Where(c => c.Dimension is "machine-family" or "machine-version").ToHashSet();
        var cpuMax = space.CpuMax(machineType);
        return Universe(space).Where(IsRequired)
            .Where(c => c.Dimension is not ("machine-family" or "machine-version") || own.Contains(c))
            .Where(c => !(c.Dimension == "numa-backing" && c.Class == "mem" && !space.AcceptsLegacyNumaMem(machineType)))
            .Where(c => !(c.Dimension == "memory-device" && c.Class != "none" && !ConfigSpace.SupportsMemoryHotplug(machineType)))
            .Where(c => !(c.Dimension == "vcpus" && c.Class switch { "17+" => cpuMax < 17, "5-16" => cpuMax < 5, "2-4" => cpuMax < 2, _ => false }))
            .ToArray();
    }

    /// <summary>Pairs of classes from different pairwise dimensions that one config exercises together.</summary>
    public static IEnumerable<(CoverageClass, CoverageClass)> Pairs(IReadOnlyList<CoverageClass> classes)
    {
        var pairwise = Dimensions.Where(d => d.Pairwise).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var eligible = classes.Where(c => pairwise.Contains(c.Dimension)).OrderBy(c => c.ToString(), StringComparer.Ordinal).ToArray();
        for (var i = 0; i < eligible.Length; i++)
            for (var j = i + 1; j < eligible.Length; j++)
                if (eligible[i].Dimension != eligible[j].Dimension) yield return (eligible[i], eligible[j]);
    }

    private static IEnumerable<string> BackendOptions(VmConfig config)
    {
        var names = config.Memory.BackendOptions.Concat(config.Numa.Nodes.SelectMany(n => n.BackendOptions)).Concat(config.Dimms.SelectMany(d => d.BackendOptions))
            .Select(o => o.Name).Distinct().ToArray();
        return names.Length == 0 ? ["none"] : names;
    }

    private static IEnumerable<string> MemoryDevices(VmConfig config)
    {
        if (config.Dimms.Count == 0) return ["none"];
        return config.Dimms.Select(d => d.Kind == DimmKind.PcDimm ? $"pc-dimm/{d.Plug.ToString().ToLowerInvariant()}" : DeviceName(d.Kind)).Distinct();
    }

    private static string DeviceName(DimmKind kind) => kind switch
    {
        DimmKind.PcDimm => "pc-dimm",
        DimmKind.Nvdimm => "nvdimm",
        _ => "virtio-mem-pci",
    };

    private static string Band(int value, params (int Upper, string Name)[] bands) => bands.First(b => value <= b.Upper).Name;
}
