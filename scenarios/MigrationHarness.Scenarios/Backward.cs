using System.Collections.Immutable;

namespace MigrationHarness.Scenarios;

/// <summary>Newer build → older build: promised only by some downstreams.</summary>
public sealed record Backward(GuestMode Guest) : Scenario(Guest)
{
    public override string Kind => "backward";
    protected override ImmutableArray<Hop> HopsOver(IReadOnlyList<string> builds) => [new Hop(builds[^1], builds[0])];
}
