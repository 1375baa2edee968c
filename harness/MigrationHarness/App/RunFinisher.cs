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
        var tiers = TierClassifier.Classify(run.Cases, OlderByVersion(run.Manifest), universe: universe);
        var report = new RunReport(run.Manifest.RunId, run.Manifest, run.Cases, tiers, RunFolder.ReadReproducers(run.Directory))
        {
            Known = run.Known, Universe = universe, HostLabels = run.HostLabels, Directory = run.DisplayDirectory,
        };
        var problems = await ResultExporter.ExportAllAsync(report, run.Directory, cancellationToken);
        return new FinishedRun(report, problems);
    }

    /// <summary>Whether build <c>a</c> is older than build <c>b</c>, by the QEMU versions the manifest recorded.</summary>
    public static Func<string, string, bool> OlderByVersion(RunManifest manifest)
    {
        var order = manifest.Builds.OrderBy(b => b.Version).Select((b, i) => (b.Name, i)).ToDictionary(x => x.Name, x => x.i);
        return (a, b) => order.GetValueOrDefault(a) < order.GetValueOrDefault(b);
    }
}
