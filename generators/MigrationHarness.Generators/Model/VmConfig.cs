using System.Text.Json.Serialization;

namespace MigrationHarness.Configs;

/// <summary>
/// One VM, independent of any QEMU build: everything that decides what the guest sees and what
/// must match on both sides of a migration. Immutable; change it with the <c>With…</c> methods or
/// <c>with</c> expressions.
/// </summary>
public sealed record VmConfig(
    string MachineType,
    Accelerator Accelerator,
    SmpTopology Smp,
    MemoryLayout Memory,
    NumaLayout Numa,
    ValueList<Dimm> Dimms,
    CpuSpec Cpu)
{
    /// <summary>The small fixed config the spine migrates: 1 vCPU, 128 MiB, no NUMA, no DIMMs.</summary>
    public static VmConfig Minimal(string machineType, Accelerator accelerator) =>
        new(machineType, accelerator, SmpTopology.Single, MemoryLayout.Fixed(128), NumaLayout.None, [], CpuSpec.Qemu64);

    /// <summary>The <c>-machine</c> properties that change what the guest sees or what migrates, sorted by name (see <see cref="Capabilities.MachinePropertyCatalog"/>).</summary>
    public ValueList<MachineProperty> MachineProperties { get; init; } = [];

    /// <summary>The guest architecture the config runs on (<see cref="GuestArchitecture"/>); x86_64 unless it names another.</summary>
    [JsonIgnore]
    public GuestArchitecture Architecture { get; init; } = GuestArchitecture.X86_64;

    /// <summary>
    /// The architecture as config files spell it: absent for x86_64, so every config written before
    /// architectures were named reads, hashes and compares as it did.
    /// </summary>
    [JsonPropertyName("architecture")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ArchitectureName
    {
        get => Architecture == GuestArchitecture.X86_64 ? null : Architecture.Name;
        init => Architecture = value is null ? GuestArchitecture.X86_64 : GuestArchitecture.Parse(value);
    }

    /// <summary>Whether the machine needs <c>nvdimm=on</c>.</summary>
    public bool NeedsNvdimm => Dimms.Any(d => d.Kind == DimmKind.Nvdimm);

    public IEnumerable<Dimm> ColdDimms => Dimms.Where(d => d.Plug == PlugTime.Cold);
    public IEnumerable<Dimm> HotDimms => Dimms.Where(d => d.Plug == PlugTime.Hot);
}
