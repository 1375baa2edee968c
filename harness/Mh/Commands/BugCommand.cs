using MigrationHarness.App;
using System.CommandLine;
using MigrationHarness.Analysis.Causes;
using MigrationHarness.Exporters;
using MigrationHarness.Findings;
using MigrationHarness.Results;

namespace MigrationHarness.Cli.Commands;

public static class BugCommand
{
    /// <summary>
    /// <c>mh bug RUN FINDING… [--bracket]</c>: writes and prints the <c>BUG.md</c> of findings
    /// that break a promise (by id, or <c>all</c>); with <c>--bracket</c> first replays each one's
    /// reproducer on every pair of the run's builds to say where it shows and which side is to blame.
    /// </summary>
    public static Command Create()
    {
        var run = new Argument<string>("RUN") { Description = "A run directory (results/<run-id>)" };
        var ids = new Argument<string[]>("FINDING") { Description = "Finding ids (F1a2b3c4d), or all", Arity = ArgumentArity.OneOrMore };
        var bracket = new Option<bool>("--bracket") { Description = "Replay each reproducer on every pair of the run's builds first (real QEMU; about 10 s a pair)" };
        var command = new Command("bug", "Write the bug report (BUG.md) of findings that break a promise, ready to file upstream") { run, ids, bracket };
        command.SetAction(async (parse, ct) =>
        {
            var folder = RunFolder.Load(parse.GetValue(run)!);
            var report = new RunReport(folder.Manifest.RunId, folder.Manifest, folder.Cases, folder.Tiers, folder.Reproducers)
            {
                Known = folder.Manifest.Known is { } k && File.Exists(k) ? KnownFindingsFile.Load(k) : [],
                HostLabels = HostLabelsFile.Load(folder.Directory),
            };
            var wanted = parse.GetValue(ids)!;
            var findings = wanted is ["all"] ? report.FailingFindings.ToArray()
                : wanted.Select(id => report.Findings.FirstOrDefault(f => string.Equals(f.Id, id, StringComparison.OrdinalIgnoreCase))
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
                if (parse.GetValue(bracket)) await BracketAsync(parse, folder, finding, directory, ct);
                var text = BugReport.Render(report, finding, directory);
                await File.WriteAllTextAsync(Path.Combine(directory, BugReport.FileName), text, ct);
                Console.Write(text);
                Console.WriteLine($"\nwritten: {Path.Combine(directory, BugReport.FileName)}\n");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task BracketAsync(ParseResult parse, RunFolder folder, Finding finding, string directory, CancellationToken ct)
    {
        var (config, _, _) = ExplainCommand.ReadReproducer(directory);
        var record = folder.Cases.First(c => c.Id == Path.GetFileName(directory));
        using var context = await HarnessSession.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct);
        var builds = await context.ResolveAsync(folder.Manifest.Builds.Select(b => context.Catalog.Get(b.Name)).ToArray(), ct);
        var workspace = new MigrationHarness.Qemu.RunWorkspace("bracket-" + Guid.NewGuid().ToString("n")[..6]);
        await using var pool = await context.NewPoolAsync(workspace, ct);
        var spec = new MigrationHarness.Runner.CaseSpec(config, MigrationHarness.Scenarios.Scenario.Parse(record.Scenario), builds);
        Console.WriteLine($"bracketing {finding.Id} over {builds.Count * builds.Count} pairs of {string.Join(", ", builds.Select(b => b.Name))}…");
        var bracketing = await MigrationHarness.Diagnosis.Bracketing.RunAsync(new MigrationHarness.Runner.CaseRunner(pool), spec, finding.Id, finding.Identity, builds,
            DateTime.UtcNow + TimeSpan.FromMinutes(20), ct);
        bracketing.Save(directory);
        Console.WriteLine(bracketing.Summary);
    }
}
