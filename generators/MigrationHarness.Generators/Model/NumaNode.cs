namespace MigrationHarness.Configs;

/// <summary>One <c>-numa node</c>: its memory (MiB) and the vCPU indexes placed on it.</summary>
public sealed record NumaNode(int Id, long MemoryMiB, ValueList<int> Cpus);
