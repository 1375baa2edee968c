namespace MigrationHarness.Exporters;

/// <summary>Writes one view of a run's results.</summary>
public interface IResultExporter
{
    string FileName { get; }
    Task ExportAsync(RunReport report, string runDirectory, CancellationToken cancellationToken = default);
}
