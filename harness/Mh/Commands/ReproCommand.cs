using MigrationHarness.App;
using System.CommandLine;
using MigrationHarness.Analysis.Causes;
using MigrationHarness.Campaign;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Parsing;
using MigrationHarness.Oracles;
using MigrationHarness.Qemu;
using MigrationHarness.Results;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Model;

namespace MigrationHarness.Cli.Commands;

/// <summary>
/// <c>mh repro INPUT</c>: a QEMU command line pasted from a report (or a config JSON, or a reproducer
/// folder) run on every chosen pair and direction; each failure is shrunk and written as a reproducer.
/// </summary>
public static partial class ReproCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("INPUT") { Description = "A quoted QEMU command line, a config .json file, or a reproducer directory" };
        var build = new Option<string[]>("--build") { Description = "Builds to try (default: every build)", AllowMultipleArgumentsPerToken = true };
        var scenario = new Option<string[]>("--scenario") { Description = "Scenarios (default: forward/paused, backward/paused)", AllowMultipleArgumentsPerToken = true };
        var pair = new Option<string[]>("--pair") { Description = "Only these pairs, as OLDER:NEWER (repeatable; both directions run as the scenarios say)", AllowMultipleArgumentsPerToken = true };
        var noShrink = new Option<bool>("--no-shrink") { Description = "Do not shrink failures" };
        var accel = new Option<string?>("--accel") { Description = "Accelerators to run it under: kvm, tcg, or both (a table row each); default auto: KVM when the host has it, else TCG" };
        var command = new Command("repro", "Run a reported configuration on every pair and direction, shrink what fails") { input, build, pair, scenario, noShrink, accel };
        command.SetAction(async (parse, ct) =>
        {
            var pasted = ReadInput(parse.GetValue(input)!);
            var scenarios = parse.GetValue(scenario) is { Length: > 0 } names
                ? names.Select(n => { try { return Scenario.Parse(n); } catch (FormatException ex) { throw new BadInputException("--scenario: " + ex.Message); } }).ToArray()
                : [new Forward(GuestMode.Paused), new Backward(GuestMode.Paused)];
            var pairs = parse.GetValue(pair) is { Length: > 0 } pairTexts ? pairTexts.Select(MigrationHarness.App.Runs.RunOptionText.Pair).ToArray() : null;
            RefuseSelfPairs(pairs ?? []);
            var accelChoice = parse.GetValue(accel) is { } accelText ? AcceleratorChoice.Parse(accelText) : AcceleratorChoice.Auto;
            using var context = await HarnessSession.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct);
            var selected = parse.GetValue(build) is { Length: > 0 } b ? b.Select(context.Catalog.Get).ToArray()
                : pairs is not null ? pairs.SelectMany(p => new[] { p.Item1, p.Item2 }).Distinct().Select(context.Catalog.Get).ToArray()
                : context.Catalog.Builds.ToArray();
            if (selected.Length < 2) throw new BadInputException("repro needs at least two builds");
            RefusePairsOutside(pairs ?? [], selected);
            var ready = (await context.ResolveAsync(selected, ct)).OrderBy(r => r.Version).ToArray();
            var plan = (from x in ready.Select((r, i) => (r, i)) from y in ready.Select((r, i) => (r, i)) where x.i < y.i
                        where pairs is null || pairs.Any(p => (p.Item1 == x.r.Name && p.Item2 == y.r.Name) || (p.Item1 == y.r.Name && p.Item2 == x.r.Name))
                        select (Older: x.r, Newer: y.r)).ToArray();
            if (plan.Length == 0) throw new BadInputException("the builds and pairs asked for leave no pair of two builds to run");
            var accelerators = accelChoice.Resolve(context.Host);

            var runId = HarnessSession.NewRunId();
            var workspace = new RunWorkspace(runId);
            await using var pool = await context.NewPoolAsync(workspace, ct);
            RefuseMachineTypeNoPairOffers(pasted.MachineType, plan, await context.CapabilitiesAsync(pool, ready, ct, accelerators[0]));
            var runDirectory = Directory.CreateDirectory(Path.Combine(context.ResultsRoot, runId)).FullName;
            var runner = new CaseRunner(pool, CpuPropertyRelevance.Default);
            var pipeline = new ReproducerPipeline(runner, pool, runDirectory, !parse.GetValue(noShrink), TimeSpan.FromMinutes(10));
            var rows = new List<(string Pair, string Scenario, string Verdict, string Reason, string? Reproducer)>();
            long index = 0;
            foreach (var (older, newer) in plan)
            {
                var spaces = new Dictionary<Accelerator, MigrationHarness.Configs.Capabilities.ConfigSpace>();
                foreach (var accelerator in accelerators) spaces[accelerator] = (await context.SpaceAsync(pool, [older, newer], ct, accelerator)).Space;
                foreach (var (accelerator, s) in from a in accelerators from s in scenarios select (a, s))
                {
                    var space = spaces[accelerator];
                    var config = pasted with { Accelerator = accelerator };
                    var spec = new CaseSpec(config, s, [older, newer]) { Index = index++ };
                    var confirmed = await new ConfirmingRunner(runner, 1).RunAsync(spec, ct);
                    var outcome = confirmed.Outcome;
                    var planned = new PlannedCase(spec.Index, config, s, spec.Builds);
                    var record = CaseRecords.From(planned, 0, confirmed);
                    string? reproducer = null;
                    if (record.Signature is not null && !record.Flaky && await pipeline.WriteAsync(record, spec, space, ct, seen: outcome) is { } directory)
                        reproducer = Path.GetRelativePath(Environment.CurrentDirectory, directory);
                    var hop = outcome.Observation.Hops.FirstOrDefault();
                    // With several accelerators each row says which one it ran under.
                    var scenarioName = accelerators.Count > 1 ? $"{s.Name} {AcceleratorChoice.Name(accelerator)}" : s.Name;
                    rows.Add((hop is null ? $"{older.Name}↔{newer.Name}" : $"{hop.From}→{hop.To}", scenarioName, record.Verdict.Name(), record.Reason, reproducer));
                    Console.WriteLine($"{rows[^1].Pair,-24} {scenarioName,-22} {record.Verdict.Name()}");
                }
            }
            Console.WriteLine();
            Console.WriteLine($"{"PAIR",-24} {"SCENARIO",-22} {"VERDICT",-15} REASON");
            foreach (var row in rows)
                Console.WriteLine($"{row.Pair,-24} {row.Scenario,-22} {row.Verdict,-15} {row.Reason}{(row.Reproducer is null ? "" : $"\n{"",-63}reproducer: {row.Reproducer}")}");
            Console.WriteLine($"results: {Path.GetRelativePath(Environment.CurrentDirectory, runDirectory)}");
            return rows.Any(r => MigrationHarness.Model.VerdictTable.IsBroken(r.Verdict)) ? ExitCodes.ExpectationViolated : ExitCodes.Success;
        });
        return command;
    }

    private static VmConfig ReadInput(string input)
    {
        try
        {
            if (Directory.Exists(input))
            {
                var path = Path.Combine(input, "config.json");
                return File.Exists(path) ? ConfigJson.Deserialize(File.ReadAllText(path)) : throw new BadInputException($"{input} has no config.json (is it a reproducer folder?)");
            }
            if (input.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                return File.Exists(input) ? ConfigJson.Deserialize(File.ReadAllText(input)) : throw new BadInputException($"config file '{input}' does not exist");
            return QemuCommandLineParser.Parse(input == "-" ? Console.In.ReadToEnd() : input);
        }
        catch (FormatException ex)
        {
            throw new BadInputException($"{(ex is CommandLineParseException ? "command line" : "config")}: {ex.Message}");
        }
    }
}
