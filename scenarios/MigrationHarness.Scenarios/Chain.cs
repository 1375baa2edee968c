using System.Collections.Immutable;

namespace MigrationHarness.Scenarios;

/// <summary>Every build in version order, then back down: the path a long-lived guest takes through upgrades and rollbacks.</summary>
public sealed record Chain(GuestMode Guest) : Scenario(Guest)
{
    public override string Kind => "chain";
    public override bool SpansAllBuilds => true;

    protected override ImmutableArray<Hop> HopsOver(IReadOnlyList<string> builds) =>
        [.. builds.Zip(builds.Skip(1), (a, b) => new Hop(a, b)), .. builds.Reverse().Zip(builds.Reverse().Skip(1), (a, b) => new Hop(a, b))];
}
