namespace MigrationHarness.Abi;

/// <summary>A QOM property of the vCPU whose value differs between the source and the destination of one hop.</summary>
public sealed record PropertyDifference(string Name, string? Source, string? Destination)
{
    public override string ToString() => $"cpu property {Name}: {Source ?? "(absent)"} → {Destination ?? "(absent)"}";
}
