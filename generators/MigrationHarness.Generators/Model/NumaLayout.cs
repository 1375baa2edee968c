namespace MigrationHarness.Configs;

/// <summary>The guest's NUMA topology; no nodes means no <c>-numa</c> options at all.</summary>
public sealed record NumaLayout(NumaBacking Backing, ValueList<NumaNode> Nodes, ValueList<NumaDistance> Distances)
{
    public static readonly NumaLayout None = new(NumaBacking.Memdev, [], []);
    public bool IsEmpty => Nodes.Count == 0;
}
