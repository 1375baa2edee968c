using System.Collections.Immutable;

namespace MigrationHarness.Abi;

/// <summary>
/// What a guest would see of its machine, as read over QMP: one value per aspect (e.g.
/// <c>cpuid 7.0 EBX</c>, <c>cpu 2 topology</c>, <c>memory-device dimm0</c>). Two sides of a
/// migration must agree on every aspect.
/// </summary>
public sealed record AbiFingerprint(ImmutableSortedDictionary<string, string> Aspects)
{
    public static readonly AbiFingerprint Empty = new(ImmutableSortedDictionary<string, string>.Empty);

    /// <summary>
    /// The features this host's KVM took away from the vCPU. A host-side list, not what the guest
    /// sees (the feature words are): shown beside a drift as its likely cause, never a drift itself.
    /// </summary>
    public ImmutableArray<string> FilteredFeatures { get; init; } = [];

    /// <summary>
    /// The first vCPU's scalar QOM properties that are not CPUID features (cache and topology knobs,
    /// levels, phys-bits, PMU…): what compat properties set per machine type. Evidence for a cause,
    /// never a drift itself.
    /// </summary>
    public ImmutableSortedDictionary<string, string> CpuProperties { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    public IReadOnlyList<AbiDifference> DiffersFrom(AbiFingerprint destination) => AbiDifference.Between(this, destination);
}
