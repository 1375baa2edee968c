namespace MigrationHarness.Containers;

/// <summary>The engine's own account of the machine it runs on (its <c>/info</c>).</summary>
public sealed record EngineInfo(string Name, string Kernel, int Cores, long MemoryMiB, string OperatingSystem);
