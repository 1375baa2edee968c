namespace MigrationHarness.Configs;

/// <summary>
/// <c>-m size=…,slots=…,maxmem=…</c>. Sizes are in MiB. With <see cref="Slots"/> 0 there is no
/// hot-pluggable region and no DIMM can exist.
/// </summary>
public sealed record MemoryLayout(long SizeMiB, int Slots, long MaxMemMiB)
{
    public static MemoryLayout Fixed(long sizeMiB) => new(sizeMiB, 0, sizeMiB);
    public bool HasHotplugRegion => Slots > 0;
}
