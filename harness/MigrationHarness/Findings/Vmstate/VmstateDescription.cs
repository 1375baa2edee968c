namespace MigrationHarness.Findings.Vmstate;

/// <summary>One vmstate description as <c>-dump-vmstate</c> shows it: its version window, its fields in wire order, its subsections.</summary>
public sealed record VmstateDescription(string Name, int Version, int MinimumVersion, IReadOnlyList<VmstateField> Fields, IReadOnlyList<VmstateDescription> Subsections);

/// <summary>
/// One field: sent when the stream's version is at least <see cref="Version"/>; a struct field is
/// described by <see cref="Struct"/> (its <see cref="Size"/> is then the C struct's, not the wire's).
/// </summary>
/// <remarks>A <see cref="Conditional"/> field (<c>field_exists</c>) is sent only when a test on the device state says so. Older builds' dumps do not give an array's element count (<see cref="Count"/> null): sizes compare by element then.</remarks>
public sealed record VmstateField(string Name, int Version, long Size, long? Count, VmstateDescription? Struct, bool Conditional = false)
{
    /// <summary>Bytes on the wire as far as the dump tells; compare with <see cref="VmstateComparison"/>'s rule, which knows when counts are missing.</summary>
    public long WireSize(bool withCount) => withCount && Count is { } count ? Size * count : Size;
}
