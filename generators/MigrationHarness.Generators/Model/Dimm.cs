namespace MigrationHarness.Configs;

/// <summary>One memory device with its own <c>memory-backend-ram</c> (id <c>mem-{Id}</c>).</summary>
public sealed record Dimm(string Id, DimmKind Kind, long SizeMiB, int? Node, PlugTime Plug)
{
    /// <summary>Options of its backend, as written (see <see cref="Capabilities.BackendOptionCatalog"/>); cold devices only.</summary>
    public ValueList<BackendOption> BackendOptions { get; init; } = [];

    public string BackendId => "mem-" + Id;
}
