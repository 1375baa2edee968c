namespace MigrationHarness.Configs.Capabilities;

/// <summary>One machine type as <c>query-machines</c> reports it.</summary>
public sealed record MachineTypeInfo(string Name, string? Alias, bool IsDefault, bool Deprecated, int CpuMax, bool NumaMemSupported)
{
    /// <summary>"q35" or "i440fx": the family a machine type belongs to, for reports and de-duplication.</summary>
    public string Family => MachineTypes.Family(Name);
}
