namespace MigrationHarness.Configs;

/// <summary>
/// Where a memory device sits on the source (slot and guest-physical address, from
/// <c>query-memory-devices</c>). A destination must place it identically, as libvirt does, or the
/// guest's memory map differs after migration.
/// </summary>
public sealed record DimmPlacement(int? Slot, ulong Address);
