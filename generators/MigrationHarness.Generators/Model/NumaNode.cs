namespace MigrationHarness.Configs;

/// <summary>One <c>-numa node</c>: its memory (MiB) and the vCPU indexes placed on it.</summary>
public sealed record NumaNode(int Id, long MemoryMiB, ValueList<int> Cpus)
{
    /// <summary>Options of its memdev backend, as written (see <see cref="Capabilities.BackendOptionCatalog"/>).</summary>
    public ValueList<BackendOption> BackendOptions { get; init; } = [];
}
