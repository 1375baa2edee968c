namespace MigrationHarness.Configs.Capabilities;

/// <summary>
/// One CPU model as <c>query-cpu-definitions</c> reports it under this host's accelerator, plus
/// what a full expansion of the model shows: <see cref="MissingOnHost"/> are features the model
/// turns on that the host's accelerator cannot give, including MSR-based ones (e.g. the
/// IA32_ARCH_CAPABILITIES bits) that QEMU does not list as unavailable but KVM refuses at start;
/// <see cref="AddressBits"/> is how much physical address space the model's guest has.
/// </summary>
public sealed record CpuModelInfo(string Name, string? AliasOf, ValueList<string> UnavailableFeatures, bool Deprecated, bool MigrationSafe,
    ValueList<string> MissingOnHost, int AddressBits);
