using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MigrationHarness.Builds;
using MigrationHarness.Campaign;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Exporters;
using MigrationHarness.Oracles;
using MigrationHarness.Qemu;
using MigrationHarness.Results;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Tiers;

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
        var confirmations = new Option<int>("--confirmations") { Description = "Re-runs of each non-pass verdict", DefaultValueFactory = _ => 2 };
        var noShrink = new Option<bool>("--no-shrink") { Description = "Do not shrink failures" };
        var corpus = new Option<string[]>("--corpus") { Description = "Re-run the reproducers under this folder (an earlier run) before new cases (repeatable)", AllowMultipleArgumentsPerToken = true };
        var command = new Command("run", "Run a campaign and write results/<run-id>/ (manifest, cases.jsonl, tiers, reports, reproducers)")
        {
            build, pair, scenario, machine, budget, cases, seed, parallel, shard, resume, replay, confirmations, noShrink, corpus,
        };
        command.SetAction(async (parse, ct) =>
        {
            // Everything the user typed becomes one validated run configuration before any container starts.
            var scenarios = (parse.GetValue(scenario) is { Length: > 0 } names ? names.Select(ParseScenario).ToArray() : Scenario.Defaults.ToArray());
            var machineFilter = parse.GetValue(machine) is { } pattern ? ParseRegex(pattern) : null;
            var budgetValue = parse.GetValue(budget) is { } b ? ParseDuration(b) : (TimeSpan?)null;
            var casesValue = parse.GetValue(cases);
            if (casesValue is <= 0) throw new BadInputException("--cases must be at least 1");
            if (casesValue is null && budgetValue is null) (casesValue, budgetValue) = (36, TimeSpan.FromMinutes(4));
            var parallelValue = parse.GetValue(parallel);
            if (parallelValue is < 1 or > 64) throw new BadInputException("--parallel must be 1..64");
            var shardValue = parse.GetValue(shard) is { } s ? ParseShard(s) : (1, 1);
            var pairs = parse.GetValue(pair) is { Length: > 0 } pairTexts ? pairTexts.Select(ParsePair).ToArray() : null;
            var confirmationsValue = parse.GetValue(confirmations);
            if (confirmationsValue is < 0 or > 10) throw new BadInputException("--confirmations must be 0..10");

            var resumeDirectory = parse.GetValue(resume);
            var previous = resumeDirectory is null ? null : RunFolder.ReadManifest(resumeDirectory);
            var corpusFolders = (parse.GetValue(corpus) is { Length: > 0 } folders ? folders : previous?.Corpus.ToArray() ?? []).Select(Path.GetFullPath).ToArray();
            var corpusEntries = corpusFolders.SelectMany(RegressionCorpus.Load).ToArray();

            using var context = await HarnessContext.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct);
            var seedValue = previous?.Seed ?? parse.GetValue(seed) ?? (ulong)Random.Shared.NextInt64(1, 1_000_000_000);
            var selected = parse.GetValue(build) is { Length: > 0 } buildNames ? buildNames.Select(context.Catalog.Get).ToArray() : context.Catalog.Builds.ToArray();
            if (selected.Length < 2) throw new BadInputException("a campaign needs at least two builds");
            var ready = await context.ResolveAsync(selected, ct);
            if (pairs is not null)
                foreach (var (older, newer) in pairs)
                    if (ready.All(r => r.Name != older) || ready.All(r => r.Name != newer)) throw new BadInputException($"--pair {older}:{newer} names a build that is not selected");

            var runId = previous?.RunId ?? HarnessContext.NewRunId();
            var runDirectory = resumeDirectory ?? Path.Combine(context.ResultsRoot, runId);
            Directory.CreateDirectory(runDirectory);
            using var workspace = new RunWorkspace(runId + "-" + Guid.NewGuid().ToString("n")[..4]);
            await using var pool = new ContainerPool(context.Docker, workspace, context.Host);
            var capabilities = new Dictionary<string, BuildCapabilities>();
            var probe = new Builds.CapabilityProbe(pool, context.CapabilitiesCache);
            foreach (var r in ready) capabilities[r.Name] = await probe.GetAsync(r, ct);
            var evidence = capabilities.Values.ToArray();
            var limits = GenerationLimits.ForHost(context.Host.MemoryMiB);
            var (plan, skipped) = new CampaignPlan(seedValue, ready, builds => new ConfigSpace(builds.Select(x => capabilities[x.Name]).ToArray(), limits, evidence),
                scenarios, machineFilter, shardValue, pairs).WithCorpus(corpusEntries);

            var manifest = previous ?? new RunManifest(runId, seedValue, "mh " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)), DateTimeOffset.UtcNow,
                ready.Select(r => r.Resolved).ToArray(), context.Host, context.Host.Accelerator.ToString().ToLowerInvariant(),
                typeof(CampaignRunner).Assembly.GetName().Version?.ToString() ?? "0", scenarios.Select(x => x.Name).ToArray(),
                shardValue == (1, 1) ? null : $"{shardValue.Item1}/{shardValue.Item2}", casesValue, budgetValue?.TotalSeconds, parallelValue) { Corpus = corpusFolders };
            await File.WriteAllTextAsync(Path.Combine(runDirectory, "manifest.json"), JsonSerializer.Serialize(manifest, ResultsJson.Document), ct);

            Console.WriteLine($"run {runId}: seed {seedValue}, {ready.Count} builds ({string.Join(", ", ready.Select(r => $"{r.Name}={r.Resolved.QemuVersion}"))}), " +
                              $"{plan.PairCount} pairs, {scenarios.Length} scenarios, {parallelValue} at once, {context.Host.Accelerator.ToString().ToLowerInvariant()}");
            Console.WriteLine($"results: {Path.GetRelativePath(Environment.CurrentDirectory, runDirectory)}");
            var logPath = Path.Combine(runDirectory, "cases.jsonl");
            var done = CaseLog.Read(logPath).Select(r => r.Index).ToHashSet();
            if (done.Count > 0) Console.WriteLine($"resuming: {done.Count} cases already recorded");
            if (corpusEntries.Length > 0) Console.WriteLine($"regression corpus: {plan.Corpus.Count(c => plan.InShard(c.Index))} reproducers first, from {string.Join(", ", corpusFolders.Select(f => Path.GetRelativePath(Environment.CurrentDirectory, f)))}");
            foreach (var (entry, why) in skipped) Console.WriteLine($"regression corpus: skipped {Path.GetRelativePath(Environment.CurrentDirectory, entry.Path)}: {why}");

            var runner = new CaseRunner(pool);
            var options = new CampaignOptions(seedValue, casesValue, budgetValue, parallelValue, confirmationsValue);
            var started = DateTime.UtcNow;
            var replayIndex = parse.GetValue(replay);
            var display = new ProgressDisplay(new CampaignProgress(replayIndex is null ? casesValue + plan.Corpus.Count(c => plan.InShard(c.Index)) : 1, budgetValue, done.Count),
                live: ProgressDisplay.TerminalIsInteractive);
            CampaignResult result;
            using (var log = new CaseLog(logPath))
            using (var infrastructureLog = new CaseLog(Path.Combine(runDirectory, "infra-errors.jsonl")))
            {
                if (replayIndex is { } index)
                {
                    var planned = plan.Case(index);
                    var confirmed = await new ConfirmingRunner(runner, confirmationsValue).RunAsync(
                        new CaseSpec(planned.Config, planned.Scenario, planned.Builds) { Seed = seedValue, Index = index }, ct);
                    var record = CaseRecords.From(planned, seedValue, confirmed);
                    var infrastructure = confirmed.Outcome.Verdict == Verdict.InfraError;
                    (infrastructure ? infrastructureLog : log).Append(record);
                    display.OnCase(record);
                    result = new CampaignResult(infrastructure ? [] : [record], infrastructure ? [record] : []);
                }
                else result = await display.RunAsync(() => new CampaignRunner(runner, plan, options, log, done, display.OnCase, infrastructureLog).RunAsync(ct));
            }

            var records = CaseLog.Read(logPath);
            var reproducers = new Dictionary<string, string>();
            if (result.StoppedBy is { } stoppedBy)
            {
                // Shrinking needs the engine that just failed: the failures found so far get their reproducers when the run is resumed.
                Console.Error.WriteLine($"mh: infrastructure failure; the campaign stopped with {records.Count} cases recorded: {stoppedBy}");
                Console.Error.WriteLine($"mh: the {result.InfrastructureFailures.Count} case(s) it hit are in infra-errors.jsonl and run again on: " +
                                        $"mh run --resume {Path.GetRelativePath(Environment.CurrentDirectory, runDirectory)}");
            }
            else await WriteReproducersAsync();

            async Task WriteReproducersAsync()
            {
                var shrinkBudget = DateTime.UtcNow + TimeSpan.FromMinutes(3);
                foreach (var failure in records.Where(r => r.Signature is not null && !r.Flaky).GroupBy(r => r.Signature).Select(g => g.OrderBy(r => r.Index).First()))
                {
                    var planned = plan.Case(failure.Index);
                    var spec = new CaseSpec(failure.Config, planned.Scenario, planned.Builds) { Seed = seedValue, Index = failure.Index };
                    // The reproducer is written from a run that failed exactly as recorded (a few tries: the campaign already confirmed it).
                    var outcome = await runner.RunAsync(spec, ct);
                    var family = Configs.Capabilities.MachineTypes.Family(failure.MachineType);
                    for (var attempt = 1; attempt < 3 && FailureSignature.Of(outcome, family) != failure.Signature; attempt++) outcome = await runner.RunAsync(spec, ct);
                    ShrinkResult? shrink = null;
                    if (!parse.GetValue(noShrink) && DateTime.UtcNow < shrinkBudget && FailureSignature.Of(outcome, family) == failure.Signature)
                    {
                        var space = new ConfigSpace(planned.Builds.Select(x => capabilities[x.Name]).ToArray(), limits, evidence);
                        shrink = await new Shrinker(runner).ShrinkAsync(spec, outcome, space, ct);
                        outcome = shrink.ShrunkOutcome;
                        Console.WriteLine($"shrunk {failure.Id} in {shrink.Runs} runs ({shrink.Duration.TotalSeconds:0} s)");
                    }
                    var directory = ReproducerWriter.Write(Path.Combine(runDirectory, "reproducers"), failure, outcome, shrink?.Shrunk ?? failure.Config, planned.Builds, shrink);
                    reproducers[failure.Id] = Path.GetRelativePath(runDirectory, directory);
                    await SaveStreamAsync(pool, planned.Builds, failure, shrink?.Shrunk ?? failure.Config, directory, ct);
                }
            }

            // Older and newer by QEMU version, never by the order builds were named on the command line.
            var order = ready.OrderBy(r => r.Version).Select((r, i) => (r.Name, i)).ToDictionary(x => x.Name, x => x.i);
            var tiers = TierClassifier.Classify(records, (a, b) => order[a] < order[b]);
            var report = new RunReport(runId, manifest, records, tiers, reproducers);
            foreach (var problem in await ResultExporter.ExportAllAsync(report, runDirectory, ct)) Console.Error.WriteLine($"mh: exporter failed: {problem}");

            TierTable.Print(tiers);
            Console.WriteLine($"{records.Count} cases in {(DateTime.UtcNow - started).TotalSeconds:0} s: " +
                              string.Join(", ", records.GroupBy(r => r.Verdict).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}")));
            foreach (var t in tiers.Where(t => !t.Met)) Console.WriteLine($"expectation violated: {t.Older}↔{t.Newer} {t.MachineType}: met {t.Tier}, expected {t.Expected}");
            Console.WriteLine($"report: {Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(runDirectory, "report.html"))}");
            if (result.StoppedBy is not null || records.Any(r => r.Verdict == Verdict.InfraError.Name())) return ExitCodes.Infrastructure;
            return report.ExpectationsMet ? ExitCodes.Success : ExitCodes.ExpectationViolated;
        });
        return command;
    }

    /// <summary>Keeps the stream the failing hop's source produces (see <see cref="StreamCapture"/>).</summary>
    internal static async Task SaveStreamAsync(ContainerPool pool, IReadOnlyList<Builds.ReadyBuild> builds, CaseRecord failure, Configs.VmConfig config,
        string directory, CancellationToken ct)
    {
        var hop = failure.Hops.FirstOrDefault(h => h.Verdict != "pass");
        if (hop is null || builds.FirstOrDefault(b => b.Name == hop.From) is not { } source) return;
        var size = await StreamCapture.CaptureAsync(pool, source, config, Path.Combine(directory, "migration-stream.bin"), ct);
        if (size is not null) Console.WriteLine($"  kept the {hop.From} migration stream ({size / 1024} KiB) in {Path.GetFileName(directory)}/migration-stream.bin");
    }

    private static Scenario ParseScenario(string name)
    {
        try { return Scenario.Parse(name); }
        catch (FormatException ex) { throw new BadInputException("--scenario: " + ex.Message); }
    }

    private static Regex ParseRegex(string pattern)
    {
        try { return new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1)); }
        catch (ArgumentException ex) { throw new BadInputException($"--machine '{pattern}' is not a regular expression: {ex.Message}"); }
    }

    public static TimeSpan ParseDuration(string text)
    {
        var match = Regex.Match(text, @"^(\d+)(s|m|h)$");
        if (!match.Success) throw new BadInputException($"--budget '{text}' is not a duration like 90s, 10m or 2h");
        var value = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        if (value <= 0) throw new BadInputException("--budget must be positive");
        return match.Groups[2].Value switch { "s" => TimeSpan.FromSeconds(value), "m" => TimeSpan.FromMinutes(value), _ => TimeSpan.FromHours(value) };
    }

    public static (int, int) ParseShard(string text)
    {
        var match = Regex.Match(text, @"^(\d+)/(\d+)$");
        if (!match.Success) throw new BadInputException($"--shard '{text}' is not K/N (e.g. 1/2)");
        var (k, n) = (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        if (n < 1 || k < 1 || k > n) throw new BadInputException($"--shard {text}: K must be 1..N");
        return (k, n);
    }

    public static (string, string) ParsePair(string text) =>
        text.Split(':') is [var a, var b] && a.Length > 0 && b.Length > 0 ? (a, b) : throw new BadInputException($"--pair '{text}' is not OLDER:NEWER");
}
