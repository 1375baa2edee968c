using MigrationHarness.App;
using System.CommandLine;
using MigrationHarness.Analysis.Causes;
using MigrationHarness.Configs.Generation;
using MigrationHarness.Oracles;
using MigrationHarness.Qemu;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Model;

namespace MigrationHarness.Cli.Commands;

/// <summary>
/// <c>mh controls [--build B]… [--cases N] [--seed S] [--parallel N]</c>: A→A controls. Each build
/// migrates generated configs to itself, half with a paused guest and half running; anything but
/// pass or not-applicable is a harness bug or a QEMU bug that needs no second version to show.
/// </summary>
public static class ControlsCommand
{
    public static Command Create()
    {
        var builds = new Option<string[]>("--build") { Description = "A build to control (repeatable; default: every build in the catalog)" };
        var cases = new Option<int>("--cases") { Description = "Generated configs per build", DefaultValueFactory = _ => 500 };
        var seed = new Option<ulong?>("--seed") { Description = "Seed (default: one per build, stable)" };
        var parallel = new Option<int>("--parallel") { Description = "Cases at once", DefaultValueFactory = _ => 2 };
        var mode = new Option<string>("--guest") { Description = "paused, running, or both (alternating; the default)", DefaultValueFactory = _ => "both" };
        var only = new Option<int?>("--index") { Description = "Run only this case index (to replay a finding; with --seed)" };
        var command = new Command("controls", "Migrate generated configs from each build to itself; every case must pass or be not applicable")
        {
            builds, cases, seed, parallel, only, mode,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(cases) < 1) throw new BadInputException("--cases must be at least 1");
            if (parse.GetValue(parallel) < 1) throw new BadInputException("--parallel must be at least 1");
            var guestMode = parse.GetValue(mode);
            if (guestMode is not ("paused" or "running" or "both")) throw new BadInputException("--guest must be paused, running or both");
            GuestMode GuestFor(int i) => guestMode switch { "paused" => GuestMode.Paused, "running" => GuestMode.Running, _ => i % 2 == 0 ? GuestMode.Paused : GuestMode.Running };
            using var context = await HarnessSession.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct);
            var names = parse.GetValue(builds) is { Length: > 0 } given ? given : context.Catalog.Builds.Select(b => b.Name).ToArray();
            var ready = await context.ResolveAsync(names.Select(context.Catalog.Get).ToArray(), ct);
            var workspace = new RunWorkspace(HarnessSession.NewRunId());
            await using var pool = await context.NewPoolAsync(workspace, ct);
            var runner = new CaseRunner(pool, CpuPropertyRelevance.Default);
            var findings = 0;
            foreach (var build in ready)
            {
                var (_, space) = await context.SpaceAsync(pool, [build], ct);
                var buildSeed = parse.GetValue(seed) ?? VmConfigGen.StableSeed("controls " + build.Name) % 100_000;
                var outcomes = new (CaseOutcome Outcome, CaseSpec Spec)?[parse.GetValue(only) is { } single ? single + 1 : parse.GetValue(cases)];
                var indices = parse.GetValue(only) is { } one ? [one] : Enumerable.Range(0, outcomes.Length);
                using var gate = new SemaphoreSlim(parse.GetValue(parallel));
                var started = DateTime.UtcNow;
                await Task.WhenAll(indices.Select(async i =>
                {
                    await gate.WaitAsync(ct);
                    try
                    {
                        var guest = GuestFor(i);
                        var config = VmConfigGen.Sample(space, buildSeed, i, i % (VmConfigGen.MaxSize + 1));
                        var spec = new CaseSpec(config, new Forward(guest), [build, build]) { Seed = buildSeed, Index = i };
                        outcomes[i] = (await runner.RunAsync(spec, ct), spec);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
                var judged = outcomes.Select((o, i) => (Run: o, Index: i)).Where(x => x.Run is not null).Select(x => (x.Run!.Value.Outcome, x.Run!.Value.Spec, x.Index)).ToArray();
                var counts = string.Join(", ", judged.Select(x => x.Outcome).GroupBy(o => o.Verdict).OrderBy(g => g.Key.Info().Severity).Select(g => $"{g.Key.Name()} {g.Count()}"));
                Console.WriteLine($"{build.Name} → {build.Name} (seed {buildSeed}, {judged.Length} cases, {(DateTime.UtcNow - started).TotalSeconds:0} s): {counts}");
                foreach (var (outcome, spec, i) in judged.Where(x => x.Outcome.Verdict.Info().IsFinding || x.Outcome.Verdict == Verdict.InfraError))
                {
                    // A failure every cause of which the shipped upstream history names (a known bug of this build) is not news.
                    var causes = Findings.CaseCauses.Of(outcome, spec);
                    var known = causes.Count > 0 && causes.All(c => c.Reference is not null)
                        ? string.Join("; ", causes.Select(c => Analysis.History.UpstreamHistory.Default.Find(c.Reference!)?.Label ?? c.Reference)) : null;
                    if (outcome.Verdict != Verdict.InfraError && known is null) findings++;
                    Console.WriteLine($"  case {i} ({GuestFor(i).ToString().ToLowerInvariant()}): {outcome.Verdict.Name()}: {outcome.Judgement.Reason}" +
                                      (known is null ? "" : $"\n    in the upstream baseline: {known}"));
                    if (parse.GetValue(only) is not null)
                        foreach (var side in outcome.Observation.Hops.SelectMany(h => new[] { h.Source, h.Destination }).Append(outcome.Observation.FirstSource).OfType<SideEvidence>())
                            Console.WriteLine($"  --- {side.Role} {side.Build} ({side.Exit ?? "running"}): {string.Join(' ', side.Argv)}\n{side.StderrTail()}");
                }
                if (judged.Any(x => x.Outcome.Verdict == Verdict.InfraError)) return ExitCodes.Infrastructure;
            }
            // Findings outside the shipped upstream baseline (known bugs and intended changes) fail the controls.
            return findings == 0 ? ExitCodes.Success : ExitCodes.ExpectationViolated;
        });
        return command;
    }
}
