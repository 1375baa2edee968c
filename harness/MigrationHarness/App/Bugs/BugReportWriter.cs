using MigrationHarness.Analysis.Causes;
using MigrationHarness.Diagnosis;
using MigrationHarness.Exporters;
using MigrationHarness.Findings;
using MigrationHarness.Qemu;
using MigrationHarness.Results;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;

namespace MigrationHarness.App.Bugs;

/// <summary>
/// <c>mh bug</c>: the <c>BUG.md</c> of findings that break a promise (by id, or <c>all</c>), each written into its
/// reproducer folder; with bracketing, each reproducer is first replayed on every pair of the run's builds to say
/// where it shows and which side is to blame. A finding that breaks no promise, or has no reproducer, is refused in
/// one line that says what to do.
/// </summary>
public sealed class BugReportWriter(string? buildsFile, TextWriter output)
{
    /// <param name="onWritten">Told each report's path and text as it is written.</param>
    public async Task WriteAsync(string runDirectory, IReadOnlyList<string> ids, bool bracket, Action<string, string> onWritten, CancellationToken ct = default)
    {
        var folder = RunFolder.Load(runDirectory);
        var report = new RunReport(folder.Manifest.RunId, folder.Manifest, folder.Cases, folder.Tiers, folder.Reproducers)
        {
            Known = folder.Manifest.Known is { } k && File.Exists(k) ? KnownFindingsFile.Load(k) : [],
            HostLabels = HostLabelsFile.Load(folder.Directory),
        };
        var findings = ids is ["all"] ? report.FailingFindings.ToArray()
            : ids.Select(id => report.Findings.FirstOrDefault(f => string.Equals(f.Id, id, StringComparison.OrdinalIgnoreCase))
                               ?? throw new BadInputException($"{id}: no such finding in {folder.Directory} (mh report {folder.Directory} lists them)")).ToArray();
        foreach (var finding in findings)
        {
            if (!report.BreaksPromise(finding))
                throw new BadInputException($"{finding.Id} breaks no promise QEMU makes ({finding.Cause.Title()}: {string.Join(", ", finding.Promises)}): there is no bug to report upstream");
            if (report.ReproducerOf(finding) is not { } reproducer)
            {
                var first = report.Cases.First(c => c.Id == (finding.FirstBreakingCase ?? finding.FirstCase));
                throw new BadInputException($"{finding.Id} has no reproducer in {folder.Directory}; make one with: mh run --seed {first.Seed} --replay {first.Index} --from {folder.Directory}");
            }
            var directory = Path.Combine(folder.Directory, reproducer);
            if (bracket) await BracketAsync(folder, finding, directory, ct);
            var text = BugReport.Render(report, finding, directory);
            var path = Path.Combine(directory, BugReport.FileName);
            await File.WriteAllTextAsync(path, text, ct);
            onWritten(path, text);
        }
    }

    private async Task BracketAsync(RunFolder folder, Finding finding, string directory, CancellationToken ct)
    {
        var config = ReproducerFolder.Read(directory).Config;
        var record = folder.Cases.First(c => c.Id == Path.GetFileName(directory));
        using var session = await HarnessSession.CreateAsync(buildsFile, ct);
        var builds = await session.ResolveAsync(folder.Manifest.Builds.Select(b => session.Catalog.Get(b.Name)).ToArray(), ct);
        await using var pool = await session.NewPoolAsync(new RunWorkspace("bracket-" + Guid.NewGuid().ToString("n")[..6]), ct);
        var spec = new CaseSpec(config, Scenario.Parse(record.Scenario), builds);
        output.WriteLine($"bracketing {finding.Id} over {builds.Count * builds.Count} pairs of {string.Join(", ", builds.Select(b => b.Name))}…");
        var bracketing = await Bracketing.RunAsync(new CaseRunner(pool), spec, finding.Id, finding.Identity, builds, DateTime.UtcNow + TimeSpan.FromMinutes(20), ct);
        bracketing.Save(directory);
        output.WriteLine(bracketing.Summary);
    }
}
