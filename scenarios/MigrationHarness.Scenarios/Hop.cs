namespace MigrationHarness.Scenarios;

/// <summary>One migration of a scenario: from one build to another (by name).</summary>
public sealed record Hop(string From, string To)
{
    public override string ToString() => $"{From}→{To}";
}
