using MigrationHarness.Checks;
using MigrationHarness.Configs;
using MigrationHarness.Oracles;

namespace MigrationHarness.Runner;

/// <summary>What the first source looked like when ready: every check's reading, to compare every destination with.</summary>
internal sealed record SourceState(IReadOnlyDictionary<string, CheckReading> Readings, SideEvidence FirstSourceEvidence)
{
    public IReadOnlyDictionary<string, DimmPlacement> Placements { get; init; } = new Dictionary<string, DimmPlacement>();

    /// <summary>What the first source's CPU refused when the guest turned features on (registers; the guest came up without them).</summary>
    public IReadOnlyList<string> GuestRefused { get; init; } = [];

    /// <summary>
    /// The guest-physical ranges the guest writes, as its header and target list gave them when it was ready
    /// (<see cref="Guest.GuestInspector.WrittenRangesAsync"/>); null when they could not be read then.
    /// </summary>
    public IReadOnlyList<(long Start, long End)>? WrittenRanges { get; init; }
}
