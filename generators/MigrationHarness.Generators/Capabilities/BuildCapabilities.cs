
namespace MigrationHarness.Configs.Capabilities;

/// <summary>
/// What one build offers on this host, probed over QMP once per image id and cached: machine types,
/// CPU models (with the features this host cannot give them), CPU feature names, the features the
/// host's accelerator supports, and memory device types.
/// </summary>
public sealed record BuildCapabilities(
    string Build,
    string QemuVersion,
    Accelerator Accelerator,
    ValueList<MachineTypeInfo> Machines,
    ValueList<CpuModelInfo> CpuModels,
    ValueList<string> CpuFeatures,
    ValueList<string> HostCpuFeatures,
    ValueList<string> MemoryDevices)
{
    /// <summary>The catalog's machine properties this build lists, per machine family ("q35:smm", "pc:hpet").</summary>
    public ValueList<string> MachineProperties { get; init; } = [];

    public QemuVersion Version => Configs.QemuVersion.Parse(QemuVersion);

    public MachineTypeInfo? Machine(string name) => Machines.FirstOrDefault(m => m.Name == name || m.Alias == name);

    public CpuModelInfo? CpuModel(string name) => CpuModels.FirstOrDefault(c => c.Name == name);
}
