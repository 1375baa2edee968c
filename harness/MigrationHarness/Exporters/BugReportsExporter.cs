using MigrationHarness.Model;

namespace MigrationHarness.Exporters;

/// <summary>
/// Writes <c>BUG.md</c> into the reproducer of every finding that breaks a promise, and
/// <c>bugs.md</c>, the list of them, most important first.
/// </summary>
public sealed class BugReportsExporter : IResultExporter
{
    public string FileName => "bugs.md";

    public async Task ExportAsync(RunReport report, string runDirectory, CancellationToken cancellationToken = default)
    {
        var index = new System.Text.StringBuilder($"# Bug reports of run {report.RunId}\n\n");
        foreach (var (finding, reproducer) in report.BugReports)
        {
            var directory = Path.Combine(runDirectory, reproducer);
            await File.WriteAllTextAsync(Path.Combine(directory, BugReport.FileName), BugReport.Render(report, finding, directory), cancellationToken);
            index.AppendLine($"- [{finding.Id}]({reproducer}/{BugReport.FileName}) {finding.Verdict.Name()}: {MarkdownText.Escape(finding.Key)}");
        }
        if (report.BugReports.Count == 0) index.AppendLine("No finding breaks a promise: nothing to report upstream.");
        await File.WriteAllTextAsync(Path.Combine(runDirectory, FileName), index.ToString(), cancellationToken);
    }
}
