using System.CommandLine;
using MigrationHarness.App.Runs;
using MigrationHarness.Campaign;
using MigrationHarness.Model;

namespace MigrationHarness.Cli.Commands;

/// <summary><c>mh run</c>: a campaign over builds, pairs and scenarios, ending in tiers and reports.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var build = new Option<string[]>("--build") { Description = "Builds to use (repeatable; default: every build in the catalog)", AllowMultipleArgumentsPerToken = true };
        var pair = new Option<string[]>("--pair") { Description = "Only these pairs, as OLDER:NEWER (repeatable)", AllowMultipleArgumentsPerToken = true };
        var scenario = new Option<string[]>("--scenario") { Description = "Scenarios, e.g. forward/paused, round-trip/running, chain/paused (repeatable)", AllowMultipleArgumentsPerToken = true };
        var machine = new Option<string?>("--machine") { Description = "Only machine types matching this regular expression" };
        var budget = new Option<string?>("--budget") { Description = "Stop starting cases after this long (e.g. 90s, 10m, 1h)" };
        var cases = new Option<long?>("--cases") { Description = "Stop after this many cases" };
        var seed = new Option<ulong?>("--seed") { Description = "Seed (default: random, printed)" };
        var parallel = new Option<int>("--parallel") { Description = "Cases at once", DefaultValueFactory = _ => CampaignOptions.DefaultParallel };
        var shard = new Option<string?>("--shard") { Description = "Run shard K of N (K/N) of the campaign" };
        var resume = new Option<string?>("--resume") { Description = "Continue an interrupted run (its directory)" };
        var replay = new Option<long?>("--replay") { Description = "Run only case INDEX of the seed's campaign (from a failure's report)" };
        var confirmations = new Option<int>("--confirmations") { Description = "At most this many re-runs of a non-pass verdict: one, and one more when it disagrees; a failure already confirmed on the same builds, machine type and guest mode, or whose promise-breaking causes are the same known bugs as one confirmed, or refused by QEMU's machine-name check as one confirmed, is not re-run", DefaultValueFactory = _ => 2 };
        var noShrink = new Option<bool>("--no-shrink") { Description = "Do not shrink failures" };
        var corpus = new Option<string[]>("--corpus") { Description = "Re-run the reproducers under this folder (an earlier run) before new cases (repeatable)", AllowMultipleArgumentsPerToken = true };
        var known = new Option<string?>("--known") { Description = "Known-findings baseline (YAML): only findings not in it fail the run" };
        var noSteer = new Option<bool>("--no-steer") { Description = "Plain random configs (default: steered toward classes of the config space not covered yet)" };
        var from = new Option<string?>("--from") { Description = "With --replay: the run whose recorded case (config, scenario, builds) is replayed" };
        var engine = new Option<string[]>("--engine")
        {
            Description = "Run cases on this Docker engine, ADDRESS[,certs=DIR][,slots=N] (repeatable; default: DOCKER_HOST). " +
                          "Cases spread by capacity: slots=N at once, else --parallel on a lone engine and the host's cores on each of several",
        };
        var accel = new Option<string?>("--accel")
        {
            Description = "Accelerators the cases run under: kvm, tcg, or both (every pair under each); default auto: KVM when the guest came up under it in a canary boot, else TCG",
        };
        var command = new Command("run", "Run a campaign and write results/<run-id>/ (manifest, cases.jsonl, findings, tiers, reports, reproducers)")
        {
            build, pair, scenario, machine, budget, cases, seed, parallel, shard, resume, replay, confirmations, noShrink, corpus, known, from, noSteer, engine, accel,
        };
        command.SetAction(async (parse, ct) =>
        {
            var request = new RunRequest
            {
                BuildsFile = parse.GetValue(CommonOptions.BuildsFile), Builds = parse.GetValue(build) ?? [], Pairs = parse.GetValue(pair) ?? [],
                Scenarios = parse.GetValue(scenario) ?? [], MachinePattern = parse.GetValue(machine), Budget = parse.GetValue(budget), Cases = parse.GetValue(cases),
                Seed = parse.GetValue(seed), Parallel = parse.GetValue(parallel), Shard = parse.GetValue(shard), ResumeDirectory = parse.GetValue(resume),
                ReplayIndex = parse.GetValue(replay), ReplayFrom = parse.GetValue(from), Confirmations = parse.GetValue(confirmations), Shrink = !parse.GetValue(noShrink),
                Corpus = parse.GetValue(corpus) ?? [], Known = parse.GetValue(known), Steer = !parse.GetValue(noSteer), Engines = parse.GetValue(engine) ?? [],
                Accelerator = parse.GetValue(accel), CommandLine = "mh " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
            };
            var run = new CampaignRun(RunSettings.Settle(request), progress => new ProgressDisplay(progress, live: ProgressDisplay.TerminalIsInteractive), Console.Out, Console.Error);
            var outcome = await run.ExecuteAsync(ct);
            Print(outcome);
            // A run that lost an engine is incomplete until resumed, like one the infrastructure stopped.
            return RunExit.Of(outcome.Report, outcome.Incomplete);
        });
        return command;
    }

    private static void Print(RunOutcome outcome)
    {
        var (report, records, result) = (outcome.Report, outcome.Records, outcome.Result);
        foreach (var problem in outcome.ExporterProblems) Console.Error.WriteLine($"mh: exporter failed: {problem}");
        TierTable.Print(report.Tiers);
        Console.WriteLine($"{records.Count} cases in {outcome.Times.Cases.TotalSeconds:0} s: " +
                          string.Join(", ", records.GroupBy(r => r.Verdict.Name()).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}")));
        if (outcome.Engines.Count > 1)
            Console.WriteLine("per engine: " + string.Join(", ", outcome.Engines.Select(name =>
                $"{name} {records.Count(r => r.Engine == name)} judged + {result.InfrastructureFailures.Count(r => r.Engine == name)} infra-error" +
                (result.LostEngines.Contains(name) ? " (lost)" : ""))));
        FindingList.Print(report, outcome.RunDirectory);
        if (outcome.LeftForLater.Count > 0)
        {
            Console.WriteLine($"left for later (the budget ran out): {outcome.LeftForLater.Count} reproducer(s); " +
                              $"{Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(outcome.RunDirectory, LeftForLater.FileName))} has the commands:");
            foreach (var line in outcome.LeftForLater) Console.WriteLine("  " + line);
        }
        Console.WriteLine(outcome.Times.Line(records));
        Console.WriteLine($"report: {Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(outcome.RunDirectory, "report.html"))}");
    }
}
