namespace MigrationHarness.Configs;

/// <summary>
/// <c>-m size=…,slots=…,maxmem=…</c>. Sizes are in MiB. With <see cref="Slots"/> 0 there is no
/// hot-pluggable region and no DIMM can exist.
/// </summary>
public sealed record MemoryLayout(long SizeMiB, int Slots, long MaxMemMiB)
{
    public static MemoryLayout Fixed(long sizeMiB) => new(sizeMiB, 0, sizeMiB);
    public bool HasHotplugRegion => Slots > 0;

    /// <summary>
    /// Options of the machine's RAM backend (<c>-machine memory-backend=</c>), as written; without
    /// NUMA only. With none, QEMU's own backend is used and no object is rendered.
    /// </summary>
    public ValueList<BackendOption> BackendOptions { get; init; } = [];

    /// <summary>The id the rendered RAM backend gets (libvirt's spelling).</summary>
    public const string BackendId = "pc.ram";
}
