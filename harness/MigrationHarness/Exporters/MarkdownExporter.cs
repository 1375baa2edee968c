using System.Text;
using MigrationHarness.Analysis.Causes;
using MigrationHarness.Tiers;
using MigrationHarness.Model;

namespace MigrationHarness.Exporters;

/// <summary><c>report.md</c>: short enough for a CI job summary; findings first, new ones marked.</summary>
public sealed class MarkdownExporter : ResultExporter
{
    public override string FileName => "report.md";

    protected override string Render(RunReport report)
    {
        var text = new StringBuilder();
        var triage = report.Triage;
        text.AppendLine($"# MigrationHarness run {report.RunId}");
        text.AppendLine();
        var outcome = report.NothingJudged ? "**nothing judged**" : report.ExpectationsMet ? "**met**" : "**violated**";
        text.AppendLine($"Seed **{report.Manifest.Seed}**, {report.Cases.Count} cases, {report.Manifest.Accelerator}: " +
                        $"**{triage.New.Count} new** findings ({report.FailingFindings.Count} failing the run), {triage.Known.Count} known; expectations {outcome}.");
        text.AppendLine();
        if (report.BugReports.Count > 0)
        {
            text.AppendLine($"## Bug reports ({report.BugReports.Count})");
            text.AppendLine();
            foreach (var (f, reproducer) in report.BugReports)
                text.AppendLine($"- [`{f.Id}` {f.Verdict.Name()}: {Escape(f.Key)}]({reproducer}/{BugReport.FileName})");
            text.AppendLine();
        }
        var breaking = report.Findings.Where(report.BreaksPromise).ToArray();
        text.AppendLine($"## Promises broken ({breaking.Length})");
        text.AppendLine();
        if (breaking.Length == 0) text.AppendLine("No finding breaks a promise QEMU makes.");
        foreach (var f in breaking) AppendFinding(text, report, f);
        text.AppendLine();
        var notPromised = report.NotPromised;
        text.AppendLine($"## Not promised by QEMU ({notPromised.Sum(g => g.Count())} findings)");
        text.AppendLine();
        text.AppendLine("Differences and refusals QEMU does not promise against, by cause; listed, never failing the run.");
        foreach (var group in notPromised)
        {
            text.AppendLine();
            text.AppendLine($"### {group.Key.Title()}: {group.Count()} findings, {group.SelectMany(f => f.Cases).Distinct().Count()} cases");
            text.AppendLine();
            foreach (var f in group) AppendFinding(text, report, f);
        }
        text.AppendLine();
        if (triage.NotSeen.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Known, not seen this run: " + string.Join(", ", triage.NotSeen.Select(k => $"`{Escape(k.Describe())}`")));
        }
        if (triage.Expired.Count > 0)
            text.AppendLine("Expired baseline entries (their findings count as new): " + string.Join(", ", triage.Expired.Select(k => $"`{Escape(k.Describe())}` ({k.Expires:yyyy-MM-dd})")));
        text.AppendLine();
        text.AppendLine("| verdict | cases |");
        text.AppendLine("|---|---|");
        foreach (var group in report.Cases.GroupBy(c => c.Verdict.Name()).OrderBy(g => g.Key, StringComparer.Ordinal))
            text.AppendLine($"| {group.Key} | {group.Count()} |");
        text.AppendLine();
        text.AppendLine("## Support tiers");
        text.AppendLine();
        text.AppendLine($"A positive tier needs {TierEvidenceRule.Default}; less reads as insufficient evidence and is not judged.");
        text.AppendLine();
        text.AppendLine("| older | newer | machine type | met | expected | evidence | coverage |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var t in report.Tiers)
            text.AppendLine($"| {t.Older} | {t.Newer} | {Escape(t.MachineType)} | {(t.Violated ? "❌ " : "")}{t.Display} | {t.Expected.Name()} | {t.Evidence.Summary} | {Escape(t.Evidence.Coverage.Summary(3))} |");
        text.AppendLine();
        text.AppendLine("## Coverage");
        text.AppendLine();
        text.AppendLine($"The run's judged cases exercised {report.RunCoverage.Exercised.Count} classes of the config space. Per pair (required classes):");
        text.AppendLine();
        foreach (var (older, newer, coverage) in report.PairCoverage)
            text.AppendLine($"- {older} ↔ {newer}: {Escape(coverage.Summary(12))}");
        if (report.RegressionCases.Count > 0)
        {
            text.AppendLine($"\n## Regression corpus ({report.RegressionCases.Count} reproducers replayed first)\n");
            foreach (var c in report.RegressionCases)
                text.AppendLine($"- `{c.Id}` {(c.Verdict == c.PreviousVerdict ? "still" : "now")} **{c.Verdict.Name()}** (was {c.PreviousVerdict?.Name() ?? "?"}): `{Escape(c.Origin!)}`");
        }
        var flaky = report.Cases.Where(c => c.Flaky).ToArray();
        if (flaky.Length > 0) text.AppendLine($"\nFlaky (did not repeat, not findings): {string.Join(", ", flaky.Select(c => $"`{c.Id}`"))}");
        return text.ToString();
    }

    private static void AppendFinding(StringBuilder text, RunReport report, Findings.Finding f)
    {
        var known = report.Triage.EntryFor(f.Id);
        var status = known is null ? (report.FailingFindings.Contains(f) ? "**new**" : "new") : $"known{(known.Note is null ? "" : $": {Escape(known.Note)}")}";
        var reproducer = report.ReproducerOf(f);
        text.AppendLine($"- `{f.Id}` **{f.Verdict.Name()}** ×{f.Count} — {status} — {f.Host.Label} — {f.Cause.Title()}: `{Escape(f.Key)}`");
        text.AppendLine($"  {Escape(f.Summary.Split('\n')[0])}");
        if (f.HistoryLabel is { } label) text.AppendLine($"  {Escape(label)}");
        text.AppendLine($"  seen on {Escape(f.Pairs)}{f.AcceleratorsIn(report.Manifest.Accelerator)} ({f.SeenOn.Select(o => o.MachineType).Distinct().Count()} machine types, " +
                        $"{f.SeenOn.Select(o => o.Scenario).Distinct().Count()} scenarios); first `{f.FirstCase}`, last `{f.LastCase}`; judged by {string.Join(", ", f.Promises)}" +
                        (reproducer is null ? "" : $"; reproducer `{reproducer}`"));
    }

    private static string Escape(string text) => MarkdownText.Escape(text);
}
