namespace MigrationHarness.Findings;

/// <summary>
/// One root cause: a signature without the pair and machine family it was seen on (<see cref="Identity"/>),
/// with every place it was seen, how often, and the first and last case that showed it. Reports,
/// the console, JUnit and the known-findings baseline speak of findings; cases are the drill-down.
/// </summary>
public sealed record Finding(string Id, string Identity, string Verdict, string Detail, IReadOnlyList<FindingOccurrence> SeenOn,
    IReadOnlyList<string> Cases, string FirstCase, string LastCase, HostDependence Host)
{
    public int Count => Cases.Count;

    /// <summary>The distinct source → destination pairs, for one line of text.</summary>
    public string Pairs => string.Join(", ", SeenOn.Select(o => $"{o.Source}→{o.Destination}").Distinct());
}
