using System.Text.Json;
using MigrationHarness.Results;
using MigrationHarness.Model;
using MigrationHarness.Records;

namespace MigrationHarness.Exporters;

/// <summary><c>findings.json</c>: each finding with its cause, the promises it was judged by, where it was seen, its host-dependence, and whether the baseline knew it.</summary>
public sealed class FindingsJsonExporter : ResultExporter
{
    public override string FileName => "findings.json";

    protected override string Render(RunReport report)
    {
        var triage = report.Triage;
        return JsonSerializer.Serialize(new
        {
            run = report.RunId,
            findings = report.Findings.Select(f => new
            {
                f.Id, f.Identity, f.Verdict, f.Detail, host = f.Host.Label, hostWhy = f.Host.Why, f.Count, f.FirstCase, f.LastCase, f.SeenOn, f.Cases,
                status = triage.IsKnown(f.Id) ? "known" : "new",
                known = triage.EntryFor(f.Id) is { } entry ? new { entry.Note, entry.Link, expires = entry.Expires?.ToString("yyyy-MM-dd") } : null,
                cause = Analysis.Causes.CauseKinds.Name(f.Cause), f.Key, f.Summary, breaksPromise = report.BreaksPromise(f), f.Promises, f.BrokenPromises,
                history = f.Reference, historyLabel = f.HistoryLabel, f.Differences,
                failsRun = report.FailingFindings.Contains(f),
                reproducer = report.ReproducerOf(f),
                // Without a reproducer, the first case's config and the command that makes one on demand.
                replay = report.ReproducerOf(f) is null ? report.ReplayCommand(f) : null,
                firstConfig = report.ReproducerOf(f) is null ? report.Cases.First(c => c.Id == (f.FirstBreakingCase ?? f.FirstCase)).Config : null,
                coverage = Coverage.CoverageCounts.Of(report.Cases.Where(c => f.Cases.Contains(c.Id)).Select(Coverage.CaseCoverage.Of), null).Exercised,
            }),
            notSeen = triage.NotSeen.Select(k => new { name = k.Describe(), k.Note, k.Link }),
            expired = triage.Expired.Select(k => new { name = k.Describe(), k.Note, expires = k.Expires?.ToString("yyyy-MM-dd") }),
        }, ResultsJson.Document);
    }
}
