
namespace MigrationHarness.Configs.Capabilities;

/// <summary>
/// What every build of a pair (or chain) accepts: the intersection of their capabilities. A config
/// drawn from this space uses only machine types, CPU models, features and memory devices all of
/// them know, so any refusal by one of them is a finding, not a generator mistake.
/// </summary>
public sealed class ConfigSpace
{
    public IReadOnlyList<BuildCapabilities> Builds { get; }
    public GenerationLimits Limits { get; }
    public Accelerator Accelerator { get; }
    public IReadOnlyList<string> MachineTypes { get; }
    public IReadOnlyList<string> CpuModels { get; }
    public IReadOnlyList<string> Features { get; }
    public IReadOnlySet<string> HostFeatures { get; }
    public IReadOnlyList<DimmKind> DimmKinds { get; }

    /// <summary>Every build probed on this host: host facts (what the accelerator cannot give) hold for all of them.</summary>
    public IReadOnlyList<BuildCapabilities> HostEvidence { get; }

    private readonly HashSet<string> _knownToAll;

    /// <param name="hostEvidence">
    /// Capabilities of every build probed on this host, not only this space's: some builds'
    /// <c>host</c> model claims MSR features KVM then refuses, while others report them missing,
    /// and the host is the same for all.
    /// </param>
    public ConfigSpace(IReadOnlyList<BuildCapabilities> builds, GenerationLimits? limits = null, IReadOnlyList<BuildCapabilities>? hostEvidence = null)
    {
        if (builds.Count == 0) throw new ArgumentException("a config space needs at least one build", nameof(builds));
        Builds = builds;
        HostEvidence = [.. builds, .. (hostEvidence ?? []).Where(e => builds.All(b => b.Build != e.Build))];
        _knownToAll = Common(builds.Select(b => b.CpuFeatures)).ToHashSet();
        Limits = limits ?? GenerationLimits.Default;
        Accelerator = builds[0].Accelerator;

        var versioned = Common(builds.Select(b => b.Machines.Select(m => m.Name)))
            .Where(Capabilities.MachineTypes.IsVersioned)
            .Where(name => builds.All(b => b.Machine(name)!.CpuMax > 0));
        var aliases = Capabilities.MachineTypes.Aliases.Where(a => builds.All(b => b.Machine(a) is not null));
        MachineTypes = [.. versioned.OrderBy(n => n, StringComparer.Ordinal), .. aliases];

        // Models that are the same guest CPU everywhere: migration-safe, not 'host'/'max' pass-through.
        CpuModels = Common(builds.Select(b => b.CpuModels.Where(c => c.MigrationSafe && c.Name is not ("host" or "max")).Select(c => c.Name)))
            .OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Features = Common(builds.Select(b => b.CpuFeatures))
            .Where(f => Cpu.CpuidFeatureTable.Find(f) is not null && !Cpu.CpuidFeatureTable.NotGenerated.Contains(f))
            .OrderBy(n => n, StringComparer.Ordinal).ToArray();
        var lackedSomewhere = HostEvidence.SelectMany(b => b.CpuFeatures.Except(b.HostCpuFeatures)).ToHashSet();
        HostFeatures = Common(builds.Select(b => b.HostCpuFeatures)).Where(f => !lackedSomewhere.Contains(f)).ToHashSet();
        DimmKinds = new[] { (DimmKind.PcDimm, "pc-dimm"), (DimmKind.Nvdimm, "nvdimm"), (DimmKind.VirtioMem, "virtio-mem-pci") }
            .Where(k => builds.All(b => b.MemoryDevices.Contains(k.Item2))).Select(k => k.Item1).ToArray();
    }

    /// <summary>The catalog's machine properties every build lists for the family of <paramref name="machineType"/>.</summary>
    public IReadOnlyList<MachinePropertyCatalog.Entry> MachinePropertiesFor(string machineType)
    {
        var family = Capabilities.MachineTypes.Family(machineType);
        return MachinePropertyCatalog.All.Where(e => Builds.All(b => b.MachineProperties.Contains(MachinePropertyCatalog.Key(family, e.Name)))).ToArray();
    }

    /// <summary>The smallest <c>cpu-max</c> any build gives this machine type.</summary>
    public int CpuMax(string machineType) => Builds.Min(b => b.Machine(machineType)?.CpuMax ?? 0);

    /// <summary>Whether every build still accepts <c>-numa node,mem=</c> for this machine type (refused since 5.1 types).</summary>
    public bool AcceptsLegacyNumaMem(string machineType) => Builds.All(b => b.Machine(machineType)?.NumaMemSupported == true);

    /// <summary>Features of <paramref name="model"/> that some build cannot give on this host.</summary>
    public IReadOnlySet<string> UnavailableFeatures(string model) =>
        Builds.SelectMany(b => b.CpuModel(model)?.UnavailableFeatures ?? ValueList<string>.Empty).Concat(MissingOnHost(model)).ToHashSet();

    /// <summary>
    /// Features <paramref name="model"/> turns on that some build's host accelerator cannot give
    /// but QEMU does not filter (MSR-based ones): left on, KVM refuses the VM at start.
    /// </summary>
    public IReadOnlySet<string> MissingOnHost(string model) =>
        HostEvidence.SelectMany(b => b.CpuModel(model)?.MissingOnHost ?? ValueList<string>.Empty).Where(_knownToAll.Contains).ToHashSet();

    /// <summary>Missing features QEMU does not list as unavailable, so it does not filter them: they must be disabled.</summary>
    public IReadOnlySet<string> UnfilteredMissingFeatures(string model)
    {
        var declared = Builds.SelectMany(b => b.CpuModel(model)?.UnavailableFeatures ?? ValueList<string>.Empty).ToHashSet();
        return MissingOnHost(model).Where(f => !declared.Contains(f)).ToHashSet();
    }

    /// <summary>The physical address bits of the model's guest (the smallest any build gives it).</summary>
    public int AddressBits(string model) => Builds.Min(b => b.CpuModel(model)?.AddressBits ?? 40);

    /// <summary>Memory hotplug arrived in QEMU 2.1: older machine types refuse slots/maxmem.</summary>
    public static bool SupportsMemoryHotplug(string machineType) =>
        Capabilities.MachineTypes.VersionOf(machineType) is not { } version || version >= new QemuVersion(2, 1, 0);

    private static IEnumerable<string> Common(IEnumerable<IEnumerable<string>> sets)
    {
        HashSet<string>? common = null;
        foreach (var set in sets)
        {
            if (common is null) common = [.. set];
            else common.IntersectWith(set);
        }
        return common ?? [];
    }
}
