namespace MigrationHarness.Configs.Capabilities;

/// <summary>One CPU model as <c>query-cpu-definitions</c> reports it under this host's accelerator.</summary>
public sealed record CpuModelInfo(string Name, string? AliasOf, ValueList<string> UnavailableFeatures, bool Deprecated, bool MigrationSafe);
