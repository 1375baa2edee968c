using System.Text.Json;
using MigrationHarness.Results;
using MigrationHarness.Records;

namespace MigrationHarness.Exporters;

/// <summary><c>tiers.json</c>: the tier each (older, newer, machine type) met, with expectation and counts.</summary>
public sealed class TiersJsonExporter : ResultExporter
{
    public override string FileName => "tiers.json";

    protected override string Render(RunReport report) => JsonSerializer.Serialize(new { run = report.RunId, tiers = report.Tiers }, ResultsJson.Document);
}
