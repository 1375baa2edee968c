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
    /// <summary>
    /// Each vCPU is a QEMU thread, and a container may hold a source and a destination at once: the
    /// limit leaves room for two QEMUs at q35's largest vCPU count (4096) with their I/O threads, so
    /// a config never fails for the harness's own limit (which would not be the config's fault).
    /// </summary>
    public long PidsLimit { get; init; } = 16384;
    public bool ReadOnlyRoot { get; init; } = true;
}
