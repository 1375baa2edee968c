using MigrationHarness.Results;
using MigrationHarness.Campaign;
using MigrationHarness.Tiers;

namespace MigrationHarness.Exporters;

/// <summary>Everything an exporter may show of a run.</summary>
public sealed record RunReport(string RunId, RunManifest Manifest, IReadOnlyList<CaseRecord> Cases, IReadOnlyList<TierRow> Tiers,
    IReadOnlyDictionary<string, string> Reproducers)
{
    /// <summary>Each distinct failure once: its signature, how many cases showed it, and the first of them.</summary>
    public IReadOnlyList<(string Signature, int Count, CaseRecord First)> DistinctFailures =>
        Cases.Where(c => c.Signature is not null).GroupBy(c => c.Signature!)
            .Select(g => (g.Key, g.Count(), g.OrderBy(c => c.Index).First())).OrderByDescending(f => f.Item2).ToArray();

    public bool ExpectationsMet => Tiers.All(t => t.Met);

    /// <summary>The regression cases (reproducers of earlier runs replayed first), in corpus order.</summary>
    public IReadOnlyList<CaseRecord> RegressionCases => Cases.Where(c => c.Origin is not null).OrderByDescending(c => c.Index).ToArray();
}
