namespace MigrationHarness.Findings;

/// <summary>A QOM property of the CPU or machine whose value differs between two builds for the same command line.</summary>
public sealed record QomDifference(string Object, string Property, string? Older, string? Newer)
{
    public override string ToString() => $"{Object}.{Property}: {Older ?? "(absent)"} → {Newer ?? "(absent)"}";
}
