using System.Collections.Immutable;

namespace MigrationHarness.Scenarios;

/// <summary>A → B → A: the guest must come back exactly as it was (every destination is compared with the first source).</summary>
public sealed record RoundTrip(GuestMode Guest) : Scenario(Guest)
{
    public override string Kind => "round-trip";
    protected override ImmutableArray<Hop> HopsOver(IReadOnlyList<string> builds) => [new Hop(builds[0], builds[^1]), new Hop(builds[^1], builds[0])];
}
