using System.CommandLine;
using System.Text.Json;
using MigrationHarness.App;
using MigrationHarness.Comparison;
using MigrationHarness.Exporters;
using MigrationHarness.Findings;
using MigrationHarness.Results;
using MigrationHarness.Records;

namespace MigrationHarness.Cli.Commands;

/// <summary>
/// <c>mh report RUN [--compare PREV]</c>: writes a run's reports again from its <c>cases.jsonl</c>
/// (e.g. after an interrupted run), and with <c>--compare</c> lists what changed since an earlier
/// run: new failures, fixed ones, tier changes. Exit 1 when something got worse.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("RUN") { Description = "A run directory (results/<run-id>)" };
        var compare = new Option<string?>("--compare") { Description = "An earlier run directory to compare with (new failures, fixed ones, tier changes)" };
        var known = new Option<string?>("--known") { Description = "Known-findings baseline (YAML) to judge the run against (default: the one the run used)" };
        var command = new Command("report", "Write a run's reports again, or compare it with an earlier run") { run, compare, known };
        command.SetAction(async (parse, ct) =>
        {
            var current = RunFolder.Load(parse.GetValue(run)!);
            if (parse.GetValue(compare) is not { } previousDirectory)
            {
                var knownPath = parse.GetValue(known) ?? current.Manifest.Known;
                var (report, problems) = await RunFinisher.FinishAsync(new RunToFinish(current.Directory, current.Manifest, current.Cases)
                {
                    Known = knownPath is null ? [] : KnownFindingsFile.Load(knownPath),
                    HostLabels = HostLabelsFile.Load(current.Directory),
                }, ct);
                foreach (var problem in problems) Console.Error.WriteLine($"mh: exporter failed: {problem}");
                TierTable.Print(report.Tiers);
                FindingList.Print(report, current.Directory);
                Console.WriteLine($"report: {Path.Combine(current.Directory, "report.html")}");
                return RunExit.Of(report, stoppedByInfrastructure: false);
            }

            var previous = RunFolder.Load(previousDirectory);
            var comparison = RunComparison.Between(previous, current);
            var markdown = ComparisonMarkdown.Render(comparison);
            await File.WriteAllTextAsync(Path.Combine(current.Directory, "comparison.md"), markdown, ct);
            await File.WriteAllTextAsync(Path.Combine(current.Directory, "comparison.json"), JsonSerializer.Serialize(comparison, ResultsJson.Document), ct);
            Console.Write(markdown);
            Console.WriteLine($"\nwritten: {Path.Combine(current.Directory, "comparison.md")} and comparison.json");
            return comparison.Regressed ? ExitCodes.ExpectationViolated : ExitCodes.Success;
        });
        return command;
    }
}
