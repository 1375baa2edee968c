using System.Collections.Immutable;

namespace MigrationHarness.Scenarios;

/// <summary>Older build → newer build: what upstream promises for versioned machine types.</summary>
public sealed record Forward(GuestMode Guest) : Scenario(Guest)
{
    public override string Kind => "forward";
    protected override ImmutableArray<Hop> HopsOver(IReadOnlyList<string> builds) => [new Hop(builds[0], builds[^1])];
}
