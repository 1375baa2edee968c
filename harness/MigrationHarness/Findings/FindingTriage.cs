namespace MigrationHarness.Findings;

/// <summary>
/// A run's findings set against a known-findings baseline: which are new (what a nightly run
/// fails on), which are known (and by which entry), which baseline entries were not seen this
/// run, and which expired (their findings count as new again).
/// </summary>
public sealed record FindingTriage(IReadOnlyList<Finding> New, IReadOnlyList<(Finding Finding, KnownFinding Entry)> Known,
    IReadOnlyList<KnownFinding> NotSeen, IReadOnlyList<KnownFinding> Expired)
{
    public static FindingTriage Of(IReadOnlyList<Finding> findings, IReadOnlyList<KnownFinding> baseline, DateOnly today)
    {
        var live = baseline.Where(k => !k.ExpiredOn(today)).ToArray();
        var known = new List<(Finding, KnownFinding)>();
        var fresh = new List<Finding>();
        foreach (var finding in findings)
        {
            if (live.FirstOrDefault(k => k.Matches(finding)) is { } entry) known.Add((finding, entry));
            else fresh.Add(finding);
        }
        var notSeen = live.Where(k => findings.All(f => !k.Matches(f))).ToArray();
        return new FindingTriage(fresh, known, notSeen, baseline.Where(k => k.ExpiredOn(today)).ToArray());
    }

    public bool IsKnown(string findingId) => EntryFor(findingId) is not null;

    /// <summary>The baseline entry that knows a finding, or null for a new one.</summary>
    public KnownFinding? EntryFor(string findingId) => Known.FirstOrDefault(k => k.Finding.Id == findingId).Entry;
}
