using MigrationHarness.Findings;
using MigrationHarness.Results;
using MigrationHarness.Tiers;
using MigrationHarness.Records;

namespace MigrationHarness.Exporters;

/// <summary>
/// Everything an exporter may show of a run, and what the run concludes: its findings against the
/// known-findings baseline, and which of them (with the tier rows they break) are news.
/// </summary>
public sealed record RunReport(string RunId, RunManifest Manifest, IReadOnlyList<CaseRecord> Cases, IReadOnlyList<TierRow> Tiers,
    IReadOnlyDictionary<string, string> Reproducers)
{
    /// <summary>The known-findings baseline the run is judged against (empty: every finding is new).</summary>
    public IReadOnlyList<KnownFinding> Known { get; init; } = [];

    /// <summary>What the cases should cover (empty for runs written before it was kept: then nothing reads as missing).</summary>
    public Coverage.RunUniverse Universe { get; init; } = Coverage.RunUniverse.Empty;

    /// <summary>The classes each pair's judged cases exercised, and those of the pair's universe they missed.</summary>
    public IReadOnlyList<(string Older, string Newer, Coverage.CoverageCounts Coverage)> PairCoverage =>
        Tiers.Select(t => (t.Older, t.Newer)).Distinct().Select(p => (p.Older, p.Newer, Coverage.CoverageCounts.Of(
            Cases.Where(c => c.Judged && c.Builds.Count >= 2
                             && new[] { p.Older, p.Newer }.All(c.Builds.Contains)).Select(Coverage.CaseCoverage.Of),
            Universe.Pair(p.Older, p.Newer)))).ToArray();

    /// <summary>The classes the whole run's judged cases exercised.</summary>
    public Coverage.CoverageCounts RunCoverage => Coverage.CoverageCounts.Of(
        Cases.Where(c => c.Judged).Select(Coverage.CaseCoverage.Of), null);

    /// <summary>The day expiry dates are read against.</summary>
    public DateOnly Today { get; init; } = DateOnly.FromDateTime(DateTime.UtcNow);

    private IReadOnlyList<Finding>? _findings;
    private FindingTriage? _triage;
    private IReadOnlyList<TierRow>? _newViolations;
    private IReadOnlyList<Finding>? _failingFindings;

    /// <summary>One finding per root cause, most severe first.</summary>
    public IReadOnlyList<Finding> Findings => _findings ??= FindingCatalog.From(Cases, Manifest.Host.CpuModel, HostLabels);

    /// <summary>Host-dependence labels from replays under the other accelerator (<c>host-dependence.json</c>), by finding id.</summary>
    public IReadOnlyDictionary<string, HostDependence> HostLabels { get; init; } = new Dictionary<string, HostDependence>();

    public FindingTriage Triage => _triage ??= FindingTriage.Of(Findings, Known, Today);

    /// <summary>The finding a case belongs to (null for passes and flaky cases).</summary>
    public Finding? FindingOf(string caseId) => Findings.FirstOrDefault(f => f.Cases.Contains(caseId));

    /// <summary>The reproducer folder written for a finding (one of its cases'), or null.</summary>
    public string? ReproducerOf(Finding finding) => finding.Cases.Select(id => Reproducers.GetValueOrDefault(id)).FirstOrDefault(r => r is not null);

    /// <summary>Where the run lives, as its commands name it (default <c>results/RUN-ID</c>).</summary>
    public string? Directory { get; init; }

    /// <summary>
    /// The command that replays a finding's first case in a new run (confirmed, shrunk, written as a
    /// reproducer): what a finding without a reproducer (listed, or left for later by the budget) gets.
    /// </summary>
    public string ReplayCommand(Finding finding)
    {
        var first = Cases.First(c => c.Id == (finding.FirstBreakingCase ?? finding.FirstCase));
        return $"mh run --replay {first.Index} --from {Directory ?? Path.Combine("results", RunId)}";
    }

    /// <summary>Violated tier rows that a new finding explains, or that no finding explains at all.</summary>
    public IReadOnlyList<TierRow> NewViolations => _newViolations ??= Tiers.Where(t => t.Violated
        && (t.FailingCases.Count == 0 || t.FailingCases.Any(id => FindingOf(id) is not { } f || !Triage.IsKnown(f.Id)))).ToArray();

    /// <summary>
    /// New findings a run fails on: those that break a promise QEMU makes (the promise table judged
    /// each of their causes: a crash, hang or lost memory anywhere; a drift or a refusal of a
    /// versioned machine type forward that no accelerator, CPU mode or intended change explains), and
    /// the refusals behind a tier below what a versioned machine type promises.
    /// Everything else is listed under its cause and fails nothing.
    /// </summary>
    public IReadOnlyList<Finding> FailingFindings => _failingFindings ??= Triage.New.Where(BreaksPromise).ToArray();

    /// <summary>Whether a finding breaks a promise: one of its causes did, or its cases are behind a tier below what the machine type promises.</summary>
    /// <remarks>
    /// A case's other causes can break its tier row; a finding whose own cause the promise table
    /// cleared stays cleared. Only findings recorded before causes were kept fall back to the tier.
    /// </remarks>
    public bool BreaksPromise(Finding finding) => finding.BreaksPromise
        || (finding.Promises.Contains("recorded-before-causes") && Tiers.Any(t => t.Violated && t.FailingCases.Intersect(finding.Cases).Any()));

    /// <summary>The failing findings that have a reproducer, with its folder: each gets a <c>BUG.md</c> there, most important first.</summary>
    public IReadOnlyList<(Finding Finding, string Reproducer)> BugReports =>
        FailingFindings.Select(f => (Finding: f, Reproducer: ReproducerOf(f))).Where(x => x.Reproducer is not null).Select(x => (x.Finding, x.Reproducer!)).ToArray();

    /// <summary>Findings that break no promise, by cause: what the report lists as "not promised by QEMU".</summary>
    public IReadOnlyList<IGrouping<Analysis.Causes.CauseKind, Finding>> NotPromised =>
        Findings.Where(f => !BreaksPromise(f)).GroupBy(f => f.Cause).OrderBy(g => g.Key).ToArray();

    /// <summary>Whether anything was judged: every case not applicable on this host (or none at all) judges nothing.</summary>
    public bool NothingJudged => !Cases.Any(c => c.Judged);

    public bool ExpectationsMet => FailingFindings.Count == 0 && NewViolations.Count == 0;

    /// <summary>The regression cases (reproducers of earlier runs replayed first), in corpus order.</summary>
    public IReadOnlyList<CaseRecord> RegressionCases => Cases.Where(c => c.Origin is not null).OrderByDescending(c => c.Index).ToArray();
}
