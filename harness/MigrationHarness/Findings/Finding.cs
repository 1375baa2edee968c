using MigrationHarness.Model;

namespace MigrationHarness.Findings;

/// <summary>
/// One root cause: a signature without the pair and machine family it was seen on (<see cref="Identity"/>),
/// with every place it was seen, how often, and the first and last case that showed it. Reports,
/// the console, JUnit and the known-findings baseline speak of findings; cases are the drill-down.
/// </summary>
public sealed record Finding(string Id, string Identity, Verdict Verdict, string Detail, IReadOnlyList<FindingOccurrence> SeenOn,
    IReadOnlyList<string> Cases, string FirstCase, string LastCase, HostDependence Host)
{
    public int Count => Cases.Count;

    /// <summary>What caused it (<see cref="Analysis.Causes.CauseKind"/>), its key within that kind, and what the attribution says.</summary>
    public Analysis.Causes.CauseKind Cause { get; init; } = Analysis.Causes.CauseKind.Failure;
    public string Key { get; init; } = "";
    public string Summary { get; init; } = "";

    /// <summary>The upstream history entry (intended change or known bug) that names it, if any.</summary>
    public string? Reference { get; init; }

    /// <summary>Whether any of its cases broke a promise QEMU makes (<see cref="Analysis.Promises.PromiseTable"/>): only those can fail a run.</summary>
    public bool BreaksPromise { get; init; }

    /// <summary>The promise-table rows its cases were judged by.</summary>
    public IReadOnlyList<string> Promises { get; init; } = [];

    /// <summary>The rows of those that its cases broke.</summary>
    public IReadOnlyList<string> BrokenPromises { get; init; } = [];

    /// <summary>Examples of the atomic differences it accounts for.</summary>
    public IReadOnlyList<string> Differences { get; init; } = [];

    /// <summary>The first case where it broke a promise (its reproducer's case), or null.</summary>
    public string? FirstBreakingCase { get; init; }

    /// <summary>Every case where it broke a promise, in the order they ran (the first is <see cref="FirstBreakingCase"/>).</summary>
    public IReadOnlyList<string> BreakingCases { get; init; } = [];

    /// <summary>How a report labels it from the upstream history: "intended upstream change …", "known bug, fixed in …", or null.</summary>
    public string? HistoryLabel => Reference is null ? null : Analysis.History.UpstreamHistory.Default.Find(Reference)?.Label ?? Reference;

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
