using MigrationHarness.App;
using MigrationHarness.Analysis.Causes;
using MigrationHarness.Findings;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MigrationHarness.Builds;
using MigrationHarness.Campaign;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Containers;
using MigrationHarness.Coverage;
using MigrationHarness.Exporters;
using MigrationHarness.Oracles;
using MigrationHarness.Qemu;
using MigrationHarness.Results;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Tiers;
using MigrationHarness.Model;
using MigrationHarness.Records;

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
        var confirmations = new Option<int>("--confirmations") { Description = "At most this many re-runs of a non-pass verdict: one, and one more when it disagrees; a failure already confirmed on the same builds, machine type and scenario is not re-run", DefaultValueFactory = _ => 2 };
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
            // A --budget bounds the whole run from here: probing, cases, reproducers and reports.
            var commandStarted = DateTime.UtcNow;
            // Everything the user typed becomes one validated run configuration before any container starts.
            var resumeDirectory = parse.GetValue(resume);
            var previous = resumeDirectory is null ? null : RunFolder.ReadManifest(resumeDirectory);
            var replayIndex = parse.GetValue(replay);
            var replayFrom = parse.GetValue(from) is { } fromDirectory ? RunFolder.Load(fromDirectory) : null;
            if (replayFrom is not null && replayIndex is null) throw new BadInputException("--from needs --replay INDEX (the case of that run to replay)");
            if (replayFrom is not null && previous is not null) throw new BadInputException("--from and --resume cannot be combined: a replay writes a new run");
            // A resumed run or a replay of a recorded one takes its plan from the manifest; a command line that says otherwise is refused.
            var planSource = previous ?? replayFrom?.Manifest;
            if (planSource is not null) RunPlanCheck.AgainstManifest(parse, planSource, build, pair, scenario, machine, shard, seed);

            var scenarios = planSource is not null ? planSource.Scenarios.Select(ParseScenario).ToArray()
                : parse.GetValue(scenario) is { Length: > 0 } names ? names.Select(ParseScenario).ToArray() : Scenario.Defaults.ToArray();
            var machinePattern = planSource is not null ? planSource.Fingerprint?.MachineFilter ?? parse.GetValue(machine) : parse.GetValue(machine);
            var machineFilter = machinePattern is { } pattern ? ParseRegex(pattern) : null;
            var budgetValue = parse.GetValue(budget) is { } b ? ParseDuration(b) : (TimeSpan?)null;
            var casesValue = parse.GetValue(cases);
            if (casesValue is <= 0) throw new BadInputException("--cases must be at least 1");
            if (previous is not null && casesValue is null && budgetValue is null) (casesValue, budgetValue) = (previous.Cases, previous.BudgetSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
            if (casesValue is null && budgetValue is null) (casesValue, budgetValue) = (36, TimeSpan.FromMinutes(4));
            var parallelValue = parse.GetValue(parallel);
            if (parallelValue is < 1 or > 64) throw new BadInputException("--parallel must be 1..64");
            var shardValue = previous?.Shard is { } recordedShard ? ParseShard(recordedShard) : parse.GetValue(shard) is { } s ? ParseShard(s) : (1, 1);
            // A recorded run under several accelerators names its units OLDER:NEWER@ACCEL; the pairs are what comes before the '@'.
            var pairs = planSource?.Fingerprint is { } recorded ? recorded.Pairs.Select(p => p.Split('@')[0]).Distinct().Select(ParsePair).ToArray()
                : parse.GetValue(pair) is { Length: > 0 } pairTexts ? pairTexts.Select(ParsePair).ToArray() : null;
            var accelChoice = parse.GetValue(accel) is { } accelText ? AcceleratorChoice.Parse(accelText) : null;
            var confirmationsValue = parse.GetValue(confirmations);
            if (confirmationsValue is < 0 or > 10) throw new BadInputException("--confirmations must be 0..10");
            var knownPath = parse.GetValue(known) is { } k ? Path.GetFullPath(k) : previous?.Known;
            var baseline = knownPath is null ? [] : KnownFindingsFile.Load(knownPath);

            var corpusFolders = (parse.GetValue(corpus) is { Length: > 0 } folders ? folders : previous?.Corpus.ToArray() ?? []).Select(Path.GetFullPath).ToArray();
            var corpusEntries = corpusFolders.SelectMany(RegressionCorpus.Load).ToArray();

            var engineAddresses = (parse.GetValue(engine) ?? []).Select(EngineAddress.Parse).ToArray();
            using var context = await HarnessContext.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct, engineAddresses.FirstOrDefault()?.Endpoint);
            var seedValue = planSource?.Seed ?? parse.GetValue(seed) ?? (ulong)Random.Shared.NextInt64(1, 1_000_000_000);
            var selected = planSource is not null ? planSource.Builds.Select(r => context.Catalog.Get(r.Name)).ToArray()
                : parse.GetValue(build) is { Length: > 0 } buildNames ? buildNames.Select(context.Catalog.Get).ToArray() : context.Catalog.Builds.ToArray();
            if (selected.Length < 2) throw new BadInputException("a campaign needs at least two builds");
            var ready = await context.ResolveAsync(selected, ct);
            if (pairs is not null)
                foreach (var (older, newer) in pairs)
                    if (ready.All(r => r.Name != older) || ready.All(r => r.Name != newer)) throw new BadInputException($"--pair {older}:{newer} names a build that is not selected");

            var runId = previous?.RunId ?? HarnessContext.NewRunId();
            var runDirectory = resumeDirectory ?? Path.Combine(context.ResultsRoot, runId);
            var workspace = new RunWorkspace(runId + "-" + Guid.NewGuid().ToString("n")[..4]);
            await using var engines = await EngineSet.OpenAsync(context.Docker, await context.ProbeHostAsync(ct), engineAddresses.FirstOrDefault()?.Slots,
                engineAddresses.Skip(1).ToArray(), workspace, ready, parallelValue, ct);
            var pool = engines.Primary.Pool;
            var host = engines.PlanningHost;
            // A resumed or replayed run keeps the accelerators it recorded; otherwise --accel decides, against what the host offers.
            if (planSource is not null && accelChoice is not null && AcceleratorChoice.Name(accelChoice.Resolve(host)) != planSource.Accelerator)
                throw new BadInputException($"--accel {accelChoice.Spelling}: the recorded run ran under {planSource.Accelerator}");
            var accelerators = planSource is not null ? AcceleratorChoice.FromName(planSource.Accelerator) : (accelChoice ?? AcceleratorChoice.Auto).Resolve(host);
            if (accelerators.Contains(Configs.Accelerator.Kvm) && !host.KvmUsable)
                throw new BadInputException($"the recorded run ran under {planSource!.Accelerator}, and KVM is not usable on this engine's host ({host.AcceleratorReason})");
            // One line: what the cases run under, and why (the canary's evidence where auto chose).
            Console.WriteLine($"accelerator: {AcceleratorChoice.Name(accelerators)} (" + (planSource is not null ? $"as the recorded run ran; host: {host.AcceleratorReason}"
                : accelChoice is null || accelChoice.Spelling == "auto" ? host.AcceleratorReason ?? "probed" : $"--accel {accelChoice.Spelling}; host: {host.AcceleratorReason}") + ")");
            // Capabilities by build, and by build@accelerator when the run has several: each accelerator has its own space.
            string Key(string build, Configs.Accelerator a) => accelerators.Count > 1 ? $"{build}@{AcceleratorChoice.Name(a)}" : build;
            var capabilities = new Dictionary<string, BuildCapabilities>(StringComparer.Ordinal);
            var probe = new Builds.CapabilityProbe(pool, context.CapabilitiesCache);
            foreach (var a in accelerators)
                foreach (var r in ready) capabilities[Key(r.Name, a)] = await probe.GetAsync(r, ct, a);
            var evidence = capabilities.Values.ToArray();
            var limits = GenerationLimits.ForHost(host.MemoryMiB);
            var (plan, skipped) = new CampaignPlan(seedValue, ready,
                (builds, a) => new ConfigSpace(builds.Select(x => capabilities[Key(x.Name, a ?? accelerators[0])]).ToArray(), limits,
                    evidence.Where(e => e.Accelerator == (a ?? accelerators[0])).ToArray()),
                accelerators, scenarios, machineFilter, shardValue, pairs, steer: !(parse.GetValue(noSteer) || planSource?.Fingerprint?.Steered == false)).WithCorpus(corpusEntries);
            var fingerprint = CampaignFingerprint.Of(ready, capabilities, evidence, limits, host, scenarios, plan, machinePattern);
            if (planSource?.Fingerprint is { } recordedFingerprint && fingerprint.Differences(recordedFingerprint) is { Count: > 0 } drift)
            {
                // Resuming under another fingerprint would mix two campaigns in one log; a replay of recorded configs only needs saying so.
                if (previous is not null) throw new BadInputException($"--resume: this host or checkout would plan different cases than the recorded run ({string.Join("; ", drift)})");
                Console.WriteLine($"replay: differs from the recorded run: {string.Join("; ", drift)}");
            }
            Directory.CreateDirectory(runDirectory);

            var manifest = previous ?? new RunManifest(runId, seedValue, "mh " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)), DateTimeOffset.UtcNow,
                ready.Select(r => r.Resolved).ToArray(), host, AcceleratorChoice.Name(accelerators),
                fingerprint.HarnessVersion, scenarios.Select(x => x.Name).ToArray(),
                shardValue == (1, 1) ? null : $"{shardValue.Item1}/{shardValue.Item2}", casesValue, budgetValue?.TotalSeconds, engines.Members.Sum(m => m.Slots))
            { Corpus = corpusFolders, Fingerprint = fingerprint, Known = knownPath };
            // A resumed run may go on other engines: the manifest lists every engine any of its cases ran on.
            manifest = manifest with { Engines = [.. manifest.Engines.Where(e => engines.Members.All(m => m.Name != e.Name)), .. engines.Members.Select(m => m.Record)] };
            if (previous is not null && knownPath != previous.Known) manifest = manifest with { Known = knownPath };
            await File.WriteAllTextAsync(Path.Combine(runDirectory, "manifest.json"), JsonSerializer.Serialize(manifest, ResultsJson.Document), ct);

            Console.WriteLine($"run {runId}: seed {seedValue}, {ready.Count} builds ({string.Join(", ", ready.Select(r => $"{r.Name}={r.Resolved.QemuVersion}"))}), " +
                              $"{plan.PairCount / accelerators.Count} pairs, {scenarios.Length} scenarios, {engines.Members.Sum(m => m.Slots)} at once, {AcceleratorChoice.Name(accelerators)}");
            if (engines.Members.Count > 1)
                foreach (var member in engines.Members)
                    Console.WriteLine($"engine {member.Name}: {member.Slots} at once, {member.Host.Cores} cores, {member.Host.MemoryMiB} MiB, {member.Host.CpuModel}");
            Console.WriteLine($"results: {Path.GetRelativePath(Environment.CurrentDirectory, runDirectory)}");
            if (knownPath is not null) Console.WriteLine($"known findings: {baseline.Count} entries from {knownPath}");
            var logPath = Path.Combine(runDirectory, "cases.jsonl");
            var done = CaseLog.Read(logPath).Select(r => r.Index).ToHashSet();
            if (done.Count > 0) Console.WriteLine($"resuming: {done.Count} cases already recorded");
            if (corpusEntries.Length > 0) Console.WriteLine($"regression corpus: {plan.Corpus.Count(c => plan.InShard(c.Index))} reproducers first, from {string.Join(", ", corpusFolders.Select(f => Path.GetRelativePath(Environment.CurrentDirectory, f)))}");
            foreach (var (entry, why) in skipped) Console.WriteLine($"regression corpus: skipped {Path.GetRelativePath(Environment.CurrentDirectory, entry.Path)}: {why}");

            var campaignEngines = engines.Members.Select(m => m.ForCampaign).ToArray();
            var runner = campaignEngines[0].Runner;
            var runBudget = budgetValue is { } total ? new RunBudget(commandStarted, total) : null;
            var casesBudget = runBudget?.CasesLeft(DateTime.UtcNow);
            var options = new CampaignOptions(seedValue, casesValue, casesBudget, parallelValue, confirmationsValue);
            var started = DateTime.UtcNow;
            var display = new ProgressDisplay(new CampaignProgress(replayIndex is null ? casesValue + plan.Corpus.Count(c => plan.InShard(c.Index)) : 1, casesBudget, done.Count),
                live: ProgressDisplay.TerminalIsInteractive);
            CampaignResult result;
            using (var log = new CaseLog(logPath))
            using (var infrastructureLog = new CaseLog(Path.Combine(runDirectory, "infra-errors.jsonl")))
            {
                if (replayIndex is { } index)
                {
                    var planned = ReplayedCase(plan, index, replayFrom);
                    var confirmed = await new ConfirmingRunner(runner, confirmationsValue).RunAsync(
                        new CaseSpec(planned.Config, planned.Scenario, planned.Builds) { Seed = seedValue, Index = index }, ct);
                    var record = CaseRecords.From(planned, seedValue, confirmed) with { Engine = campaignEngines[0].Name, EngineHost = campaignEngines[0].Host };
                    var infrastructure = confirmed.Outcome.Verdict == Verdict.InfraError;
                    (infrastructure ? infrastructureLog : log).Append(record);
                    display.OnCase(record);
                    result = new CampaignResult(infrastructure ? [] : [record], infrastructure ? [record] : []);
                }
                else result = await display.RunAsync(() => new CampaignRunner(campaignEngines, plan, options, log, done, display.OnCase, infrastructureLog).RunAsync(ct));
            }

            var records = CaseLog.Read(logPath);
            var casesTime = DateTime.UtcNow - started;
            var reproducersStarted = DateTime.UtcNow;
            // Shrinking runs on an engine the campaign still had at its end.
            var shrinkOn = engines.Members.FirstOrDefault(m => !result.LostEngines.Contains(m.Name)) ?? engines.Primary;
            var pipeline = new ReproducerPipeline(new CaseRunner(shrinkOn.Pool, CpuPropertyRelevance.Default), shrinkOn.Pool, runDirectory, !parse.GetValue(noShrink), TimeSpan.FromMinutes(3),
                runBudget?.ReproducersUntil);
            foreach (var lost in result.LostEngines.Where(_ => result.StoppedBy is null))
                Console.Error.WriteLine($"mh: lost engine {lost}: {result.InfrastructureFailures.First(r => r.Engine == lost).Reason}; the other engines went on. " +
                                        $"Its {result.InfrastructureFailures.Count(r => r.Engine == lost)} case(s) are in infra-errors.jsonl and run again on: " +
                                        $"mh run --resume {Path.GetRelativePath(Environment.CurrentDirectory, runDirectory)}");
            if (result.StoppedBy is { } stoppedBy)
            {
                // Shrinking needs the engine that just failed: the failures found so far get their reproducers when the run is resumed.
                Console.Error.WriteLine($"mh: infrastructure failure; the campaign stopped with {records.Count} cases recorded: {stoppedBy}");
                Console.Error.WriteLine($"mh: the {result.InfrastructureFailures.Count} case(s) it hit are in infra-errors.jsonl and run again on: " +
                                        $"mh run --resume {Path.GetRelativePath(Environment.CurrentDirectory, runDirectory)}");
            }
            else
            {
                var triage = FindingTriage.Of(FindingCatalog.From(records, shrinkOn.Host.CpuModel), baseline, DateOnly.FromDateTime(DateTime.UtcNow));
                var due = ReproducerPipeline.Representatives(records, shrinkOn.Host.CpuModel, triage.IsKnown, unpromisedFailures: runBudget is null).Select(failure =>
                {
                    var planned = plan.Case(failure.Index);
                    var spec = new CaseSpec(failure.Config, planned.Scenario, planned.Builds) { Seed = seedValue, Index = failure.Index };
                    return (failure, spec, (ConfigSpace?)new ConfigSpace(planned.Builds.Select(x => capabilities[x.Name]).ToArray(), limits, evidence));
                }).ToArray();
                await pipeline.WriteAllAsync(due, ct);
            }
            var reproducersTime = DateTime.UtcNow - reproducersStarted;

            var hostLabels = HostLabelsFile.Load(runDirectory).Concat(pipeline.HostLabels).GroupBy(l => l.Key).ToDictionary(g => g.Key, g => g.Last().Value);
            var (report, problems) = await RunFinisher.FinishAsync(new RunToFinish(runDirectory, manifest, records)
            {
                Universe = RunUniverse.Of(plan.Spaces, records, manifest.Scenarios, manifest.OlderByVersion()),
                Known = baseline, HostLabels = hostLabels, DisplayDirectory = Path.GetRelativePath(Environment.CurrentDirectory, runDirectory),
            }, ct);
            foreach (var problem in problems) Console.Error.WriteLine($"mh: exporter failed: {problem}");

            TierTable.Print(report.Tiers);
            Console.WriteLine($"{records.Count} cases in {(DateTime.UtcNow - started).TotalSeconds:0} s: " +
                              string.Join(", ", records.GroupBy(r => r.Verdict.Name()).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}")));
            if (engines.Members.Count > 1)
                Console.WriteLine("per engine: " + string.Join(", ", engines.Members.Select(m =>
                    $"{m.Name} {records.Count(r => r.Engine == m.Name)} judged + {result.InfrastructureFailures.Count(r => r.Engine == m.Name)} infra-error" +
                    (result.LostEngines.Contains(m.Name) ? " (lost)" : ""))));
            FindingList.Print(report, runDirectory);
            LeftForLater.Print(report, pipeline.LeftForLater, runDirectory);
            Console.WriteLine(RunTimes.Line(casesTime, records, reproducersTime, pipeline.ShrinkTime, DateTime.UtcNow - commandStarted));
            Console.WriteLine($"report: {Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(runDirectory, "report.html"))}");
            // A run that lost an engine is incomplete until resumed, like one the infrastructure stopped.
            return RunExit.Of(report, result.InfrastructureFailures.Count > 0);
        });
        return command;
    }

    /// <summary>
    /// The case to replay: the recorded one (config, scenario and builds from the run's case log) when
    /// <paramref name="from"/> is given, else the seed's case regenerated on this host.
    /// </summary>
    private static PlannedCase ReplayedCase(CampaignPlan plan, long index, RunFolder? from)
    {
        var generated = plan.Case(index);
        if (from is null)
        {
            Console.WriteLine($"replay: case {index} regenerated from seed {plan.Seed} (give --from RUN to replay the recorded config)");
            return generated;
        }
        var record = from.Cases.FirstOrDefault(c => c.Index == index)
                     ?? throw new BadInputException($"--from {from.Directory}: no case {index} in its cases.jsonl");
        if (!Equals(record.Config, generated.Config))
            Console.WriteLine($"replay: the recorded config of case {index} differs from what the seed gives here; replaying the recorded one");
        var builds = record.Builds.Select(name => generated.Builds.FirstOrDefault(b => b.Name == name)
                                                  ?? throw new BadInputException($"--from: case {index} ran on {name}, which this replay does not have")).ToArray();
        return generated with { Config = record.Config, Scenario = ParseScenario(record.Scenario), Builds = builds };
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
