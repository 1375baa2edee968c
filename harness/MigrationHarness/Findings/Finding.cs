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

    /// <summary>The accelerators it was seen under ("kvm", "tcg"), in order.</summary>
    public IReadOnlyList<string> Accelerators => SeenOn.Select(o => o.Accelerator).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// " under kvm only", " under kvm and tcg": what a run under several accelerators tells about
    /// this finding; empty for a run under one (it says nothing about the other).
    /// </summary>
    public string AcceleratorsIn(string runAccelerators) =>
        !runAccelerators.Contains('+') ? "" : Accelerators.Count == 1 ? $" under {Accelerators[0]} only" : $" under {string.Join(" and ", Accelerators)}";
}
