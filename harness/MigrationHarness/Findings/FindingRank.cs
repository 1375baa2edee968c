using MigrationHarness.Model;

namespace MigrationHarness.Findings;

/// <summary>
/// The order a maintainer reads findings in: a broken promise first; then severity (lost guest
/// memory, a crash, a hang, a refusal, a drift); then host-independent before host-dependent
/// (anyone can reproduce it); then the rarer first (a cause seen once is the least understood).
/// </summary>
public static class FindingRank
{
    public static readonly IComparer<Finding> Comparer = Comparer<Finding>.Create((a, b) =>
    {
        var order = b.BreaksPromise.CompareTo(a.BreaksPromise);
        if (order == 0) order = Severity(b.Verdict).CompareTo(Severity(a.Verdict));
        if (order == 0) order = Independent(b).CompareTo(Independent(a));
        if (order == 0) order = a.Count.CompareTo(b.Count);
        return order != 0 ? order : string.CompareOrdinal(a.Id, b.Id);
    });

    /// <summary>Severity for a maintainer: the verdict table's urgency (data loss above a crash above a hang above a refusal above a drift).</summary>
    public static int Severity(Verdict verdict) => verdict.Info().Urgency;

    private static bool Independent(Finding f) => f.Host.Label == HostDependence.Independent.Label;
}
