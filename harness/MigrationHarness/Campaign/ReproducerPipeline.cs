using MigrationHarness.Builds;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Findings;
using MigrationHarness.Qemu;
using MigrationHarness.Results;
using MigrationHarness.Runner;

namespace MigrationHarness.Campaign;

/// <summary>
/// From a confirmed failure to its reproducer, the one way <c>mh run</c>, <c>mh repro</c> and
/// <c>mh claims check</c> do it: re-run until the failure shows its recorded signature again (a
/// reproducer is written only from a run that failed exactly as recorded), shrink with the same
/// signature kept, write the folder, keep the source's migration stream. Findings, tiers and
/// exporters then read the case log and the reproducers this leaves.
/// </summary>
public sealed class ReproducerPipeline(CaseRunner runner, ContainerPool pool, string runDirectory, bool shrink, TimeSpan shrinkBudget)
{
    private readonly DateTime _shrinkUntil = DateTime.UtcNow + shrinkBudget;

    /// <summary>Each finding's host-dependence as its replay under the other accelerator showed (see <see cref="HostDependenceReplay"/>).</summary>
    public Dictionary<string, HostDependence> HostLabels { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The failures worth a reproducer: one case per finding that breaks a promise (the first case
    /// where it did), most severe first, so the shrink budget goes to distinct bugs and the worst of
    /// them before it runs out; then the refusals and failures no promise covers (a regression corpus
    /// replays them). Drift no promise covers (accelerator growth, CPU mode, intended changes) is
    /// listed, not reproduced.
    /// </summary>
    public static IReadOnlyList<CaseRecord> Representatives(IReadOnlyList<CaseRecord> records, string hostCpu)
    {
        var byId = records.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var findings = FindingCatalog.From(records, hostCpu);
        return findings.Where(f => f.BreaksPromise)
            // Least understood first among equals: a finding seen once gets its reproducer before a common one.
            .OrderByDescending(f => FindingRank.Severity(f.Verdict)).ThenBy(f => f.Count)
            .Concat(findings.Where(f => !f.BreaksPromise && f.Verdict != "abi-drift").OrderBy(f => f.Count))
            .Select(f => byId[f.FirstBreakingCase ?? f.FirstCase]).DistinctBy(r => r.Id).ToArray();
    }

    /// <summary>
    /// Writes the reproducer of <paramref name="failure"/> (from <paramref name="seen"/> when that run is at hand);
    /// returns its folder, or null when it did not fail as recorded again.
    /// </summary>
    public async Task<string?> WriteAsync(CaseRecord failure, CaseSpec spec, ConfigSpace? space, CancellationToken cancellationToken, CaseOutcome? seen = null)
    {
        var family = MachineTypes.Family(failure.MachineType);
        var outcome = seen;
        for (var attempt = 0; attempt < 3 && (outcome is null || FailureSignature.Of(outcome, spec) != failure.Signature); attempt++)
            outcome = await runner.RunAsync(spec, cancellationToken);
        if (outcome is null || FailureSignature.Of(outcome, spec) != failure.Signature)
        {
            Console.WriteLine($"  {failure.Id}: did not fail as recorded in three more runs; no reproducer written");
            return null;
        }
        ShrinkResult? shrunk = null;
        if (shrink && space is not null && DateTime.UtcNow < _shrinkUntil)
        {
            shrunk = await new Shrinker(runner).ShrinkAsync(spec, outcome, space, cancellationToken);
            outcome = shrunk.ShrunkOutcome;
            Console.WriteLine($"shrunk {failure.Id} in {shrunk.Runs} runs ({shrunk.Duration.TotalSeconds:0} s)");
        }
        var config = shrunk?.Shrunk ?? failure.Config;
        var host = await HostDependenceReplay.LabelAsync(runner, spec with { Config = config }, failure, pool.Host.CpuModel, cancellationToken);
        HostLabels[FindingCatalog.IdOf(FindingCatalog.IdentityOf(failure.Signature!))] = host;
        var directory = ReproducerWriter.Write(Path.Combine(runDirectory, "reproducers"), failure, outcome, config, spec.Builds, shrunk, host);
        await SaveStreamAsync(spec.Builds, failure, config, directory, cancellationToken);
        await ExplainAsync(spec.Builds, failure, config, directory, cancellationToken);
        return directory;
    }

    /// <summary>
    /// Attaches what QEMU can tell (<see cref="Explainer"/>) as <c>explain.txt</c> and a README section;
    /// a build that cannot be asked leaves a note, never a failed reproducer.
    /// </summary>
    private async Task ExplainAsync(IReadOnlyList<ReadyBuild> builds, CaseRecord failure, VmConfig config, string directory, CancellationToken cancellationToken)
    {
        var hop = failure.Hops.FirstOrDefault(h => h.Verdict != "pass");
        if (hop is null || builds.FirstOrDefault(b => b.Name == hop.From) is not { } source || builds.FirstOrDefault(b => b.Name == hop.To) is not { } destination) return;
        string text;
        try
        {
            text = (await Explainer.ExplainAsync(pool, source, destination, config, Path.Combine(directory, "migration-stream.bin"), cancellationToken)).Render();
        }
        catch (Exception ex) when (ex is BadInputException or Qemu.QemuStartException or Qmp.QmpException or IOException or FormatException)
        {
            text = $"not explained: {ex.Message.Split('\n')[0]}\n";
        }
        await File.WriteAllTextAsync(Path.Combine(directory, "explain.txt"), text, cancellationToken);
        await File.AppendAllTextAsync(Path.Combine(directory, "README.md"), "\n## What QEMU tells about it (`mh explain`)\n\n```\n" + text + "```\n", cancellationToken);
    }

    /// <summary>Keeps the stream the failing hop's source produces (see <see cref="StreamCapture"/>).</summary>
    private async Task SaveStreamAsync(IReadOnlyList<ReadyBuild> builds, CaseRecord failure, VmConfig config, string directory, CancellationToken cancellationToken)
    {
        var hop = failure.Hops.FirstOrDefault(h => h.Verdict != "pass");
        if (hop is null || builds.FirstOrDefault(b => b.Name == hop.From) is not { } source) return;
        var size = await StreamCapture.CaptureAsync(pool, source, config, Path.Combine(directory, "migration-stream.bin"), cancellationToken);
        if (size is not null) Console.WriteLine($"  kept the {hop.From} migration stream ({size / 1024} KiB) in {Path.GetFileName(directory)}/migration-stream.bin");
    }
}
