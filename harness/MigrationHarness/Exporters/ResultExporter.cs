namespace MigrationHarness.Exporters;

/// <summary>Base of the exporters: owns the file name and writes atomically (a temporary file renamed into place).</summary>
public abstract class ResultExporter : IResultExporter
{
    public abstract string FileName { get; }

    protected abstract string Render(RunReport report);

    public async Task ExportAsync(RunReport report, string runDirectory, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(runDirectory, FileName);
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, Render(report), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    public static readonly IReadOnlyList<IResultExporter> All = [new BugReportsExporter(), new TiersJsonExporter(), new FindingsJsonExporter(), new MarkdownExporter(), new JUnitExporter(), new HtmlExporter()];

    /// <summary>Runs every exporter; one that fails is reported and the others still run.</summary>
    public static async Task<IReadOnlyList<string>> ExportAllAsync(RunReport report, string runDirectory, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        foreach (var exporter in All)
        {
            try { await exporter.ExportAsync(report, runDirectory, cancellationToken); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                problems.Add($"{exporter.FileName}: {ex.Message}");
            }
        }
        return problems;
    }
}
