using System.Collections.Immutable;

namespace MigrationHarness.Containers;

/// <summary>
/// How a harness container is created. The defaults are the hardened ones: no network, every
/// capability dropped, no-new-privileges, read-only root with a tmpfs /tmp, memory and pids limits.
/// </summary>
public sealed record ContainerSpec(string Image, ImmutableArray<string> Command, IReadOnlyDictionary<string, string> Labels)
{
    public string? Name { get; init; }
    public ImmutableArray<string> Binds { get; init; } = [];
    public bool PassKvm { get; init; }
    public string NetworkMode { get; init; } = "none";
    public long MemoryBytes { get; init; } = 8L << 30;
    public long PidsLimit { get; init; } = 256;
    public bool ReadOnlyRoot { get; init; } = true;
}
