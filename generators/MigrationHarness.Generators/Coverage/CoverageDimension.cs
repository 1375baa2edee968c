using MigrationHarness.Configs.Capabilities;

namespace MigrationHarness.Configs.Coverage;

/// <summary>
/// One dimension of the config space and its classes: which classes a config exercises (a config
/// may exercise several, e.g. two kinds of memory device) and which classes a pair's space can
/// produce at all (a class the builds cannot run is never "missing").
/// </summary>
public sealed record CoverageDimension(string Name, Func<VmConfig, IEnumerable<string>> Classify, Func<ConfigSpace, IEnumerable<string>> Valid)
{
    /// <summary>Whether pairs with this dimension's classes count toward pairwise coverage (not for dimensions with dozens of classes).</summary>
    public bool Pairwise { get; init; } = true;

    /// <summary>
    /// Whether a claim is held only once every class of this dimension was exercised: not for
    /// dimensions of detail (CPU model families number in the dozens; their vendor is required).
    /// </summary>
    public bool Required { get; init; } = true;
}
