using System.Text;
using MigrationHarness.Model;

namespace MigrationHarness.Comparison;

/// <summary>A <see cref="RunComparison"/> as Markdown, for the terminal, a CI job summary or a bug tracker.</summary>
public static class ComparisonMarkdown
{
    public static string Render(RunComparison comparison)
    {
        var text = new StringBuilder();
        text.AppendLine($"# Changes from {comparison.Previous} to {comparison.Current}");
        text.AppendLine();
        text.AppendLine($"{comparison.New.Count} new failure(s), {comparison.Fixed.Count} fixed, {comparison.StillFailing.Count} still failing, {comparison.NotRetried.Count} not tried again, " +
                        $"{comparison.Tiers.Count(t => t.Worse)} tier(s) worse, {comparison.Tiers.Count(t => !t.Worse)} better or different.");
        if (comparison.CoverageGained.Count + comparison.CoverageLost.Count > 0)
        {
            text.AppendLine("\n## Coverage\n");
            if (comparison.CoverageGained.Count > 0) text.AppendLine($"- gained: {Cell(string.Join(", ", comparison.CoverageGained))}");
            if (comparison.CoverageLost.Count > 0) text.AppendLine($"- lost: {Cell(string.Join(", ", comparison.CoverageLost))}");
        }
        if (comparison.Builds.Count > 0)
        {
            text.AppendLine("\n## Builds that changed\n");
            foreach (var build in comparison.Builds) text.AppendLine($"- {build.Name}: {build.Before ?? "(not in the earlier run)"} → {build.After ?? "(not in this run)"}");
        }
        Failures(text, "New failures", comparison.New);
        Failures(text, "Fixed (replayed, not seen again)", comparison.Fixed);
        Failures(text, "Still failing", comparison.StillFailing);
        Failures(text, "Not tried again (replay them with mh run --corpus PREVIOUS-RUN)", comparison.NotRetried);
        if (comparison.Tiers.Count > 0)
        {
            text.AppendLine("\n## Tier changes\n");
            text.AppendLine("| older | newer | machine type | before | after | |");
            text.AppendLine("|---|---|---|---|---|---|");
            foreach (var t in comparison.Tiers) text.AppendLine($"| {Cell(t.Older)} | {Cell(t.Newer)} | {Cell(t.MachineType)} | {Cell(t.Before)} | {Cell(t.After)} | {(t.Worse ? "**worse**" : "")} |");
        }
        return text.ToString();
    }

    private static void Failures(StringBuilder text, string title, IReadOnlyList<FailureChange> failures)
    {
        if (failures.Count == 0) return;
        text.AppendLine($"\n## {title}\n");
        foreach (var f in failures)
            text.AppendLine($"- **{Cell(f.Verdict.Name())}** ×{f.Count}: {Cell(f.CaseId)} {Cell(f.Scenario)} {Cell(string.Join(" → ", f.Builds))} {Cell(f.MachineType)}: {Cell(f.Reason)}");
    }

    private static string Cell(string value) => Exporters.MarkdownText.Escape(value);
}
