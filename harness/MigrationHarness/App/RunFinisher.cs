using MigrationHarness.Coverage;
using MigrationHarness.Exporters;
using MigrationHarness.Findings;
using MigrationHarness.Results;
using MigrationHarness.Tiers;

namespace MigrationHarness.App;

/// <summary>
/// Finishing a run, in one place: the universe and host labels saved, tiers classified from the cases
/// (older and newer by QEMU version, never by the order builds were named), the reproducers the folder
/// holds, and every report written. A failing exporter is reported; the others still run.
/// </summary>
public static class RunFinisher
{
    public static async Task<FinishedRun> FinishAsync(RunToFinish run, CancellationToken cancellationToken = default)
    {
        var universe = run.Universe ?? RunUniverse.Load(run.Directory);
        if (run.Universe is not null) universe.Save(run.Directory);
        HostLabelsFile.Save(run.Directory, run.HostLabels);
        var tiers = TierClassifier.Classify(run.Cases, run.Manifest.OlderByVersion(), universe: universe);
        var report = new RunReport(run.Manifest.RunId, run.Manifest, run.Cases, tiers, RunFolder.ReadReproducers(run.Directory))
        {
            Known = run.Known, Universe = universe, HostLabels = run.HostLabels, Directory = run.DisplayDirectory,
        };
        var problems = await ResultExporter.ExportAllAsync(report, run.Directory, cancellationToken);
        return new FinishedRun(report, problems);
    }
}
