using System.Text;

namespace MigrationHarness.Exporters;

/// <summary><c>report.md</c>: short enough for a CI job summary.</summary>
public sealed class MarkdownExporter : ResultExporter
{
    public override string FileName => "report.md";

    protected override string Render(RunReport report)
    {
        var text = new StringBuilder();
        text.AppendLine($"# MigrationHarness run {report.RunId}");
        text.AppendLine();
        text.AppendLine($"Seed **{report.Manifest.Seed}**, {report.Cases.Count} cases, {report.Manifest.Accelerator}, expectations {(report.ExpectationsMet ? "**met**" : "**violated**")}.");
        text.AppendLine();
        text.AppendLine("| verdict | cases |");
        text.AppendLine("|---|---|");
        foreach (var group in report.Cases.GroupBy(c => c.Verdict).OrderBy(g => g.Key, StringComparer.Ordinal))
            text.AppendLine($"| {group.Key} | {group.Count()} |");
        text.AppendLine();
        text.AppendLine("## Support tiers");
        text.AppendLine();
        text.AppendLine("| older | newer | machine type | met | expected | fwd pass/reject | bwd pass/reject | broken |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var t in report.Tiers)
            text.AppendLine($"| {t.Older} | {t.Newer} | {Escape(t.MachineType)} | {(t.Met ? "" : "❌ ")}{t.Tier} | {t.Expected} | {t.ForwardPass}/{t.ForwardReject} | {t.BackwardPass}/{t.BackwardReject} | {t.Broken} |");
        text.AppendLine();
        var failures = report.DistinctFailures;
        text.AppendLine($"## Distinct failures ({failures.Count})");
        text.AppendLine();
        foreach (var (signature, count, first) in failures)
        {
            var reproducer = report.Reproducers.TryGetValue(first.Id, out var path) ? $" — reproducer `{path}`" : "";
            text.AppendLine($"- **{first.Verdict}** ×{count} (first: `{first.Id}`, {first.Scenario}){reproducer}: {Escape(first.Reason)}");
        }
        if (report.RegressionCases.Count > 0)
        {
            text.AppendLine($"\n## Regression corpus ({report.RegressionCases.Count} reproducers replayed first)\n");
            foreach (var c in report.RegressionCases)
                text.AppendLine($"- `{c.Id}` {(c.Verdict == c.PreviousVerdict ? "still" : "now")} **{c.Verdict}** (was {Escape(c.PreviousVerdict ?? "?")}): `{Escape(c.Origin!)}`");
        }
        var flaky = report.Cases.Where(c => c.Flaky).ToArray();
        if (flaky.Length > 0) text.AppendLine($"\nFlaky: {string.Join(", ", flaky.Select(c => $"`{c.Id}`"))}");
        return text.ToString();
    }

    private static string Escape(string text) => MarkdownText.Escape(text);
}
