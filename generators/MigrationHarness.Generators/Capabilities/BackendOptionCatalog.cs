namespace MigrationHarness.Configs.Capabilities;

/// <summary>
/// The <c>memory-backend-ram</c> options the model keeps. None changes what the guest sees, but
/// they change how QEMU maps, shares and migrates the memory (a shared mapping, a RAM block named
/// by its canonical path), so a build that handles one differently is a finding. The parser takes
/// them as written; the generator draws the cheap ones (<see cref="Generated"/>): preallocation
/// only for small backends, since it makes the host commit the memory.
/// </summary>
public static class BackendOptionCatalog
{
    public static readonly IReadOnlyList<string> Names =
        ["prealloc", "prealloc-threads", "share", "merge", "dump", "reserve", "policy", "host-nodes", "x-use-canonical-path-for-ramblock-id"];

    public static readonly IReadOnlyList<BackendOption> Generated =
        [new("share", "on"), new("merge", "off"), new("dump", "off"), new("prealloc", "on")];

    /// <summary>The largest backend the generator preallocates (MiB).</summary>
    public const long MaxPreallocMiB = 512;
}
