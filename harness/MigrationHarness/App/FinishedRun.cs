using MigrationHarness.Exporters;

namespace MigrationHarness.App;

/// <summary>A finished run's report, and what any exporter that failed said.</summary>
public sealed record FinishedRun(RunReport Report, IReadOnlyList<string> ExporterProblems);
