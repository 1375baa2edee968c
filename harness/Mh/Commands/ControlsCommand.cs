using System.CommandLine;
using MigrationHarness.App;
using MigrationHarness.App.Controls;
using MigrationHarness.Model;
using MigrationHarness.Oracles;

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
            var request = new ControlRequest
            {
                Builds = parse.GetValue(builds) ?? [], Cases = parse.GetValue(cases), Seed = parse.GetValue(seed), Parallel = parse.GetValue(parallel),
                Guest = parse.GetValue(mode)!, Index = parse.GetValue(only),
            }.Validated();
            using var session = await HarnessSession.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct);
            var results = await new SelfMigrationControls(session).RunAsync(request, result => Print(result, request), ct);
            if (results.SelectMany(r => r.Cases).Any(c => c.Outcome.Verdict == Verdict.InfraError)) return ExitCodes.Infrastructure;
            // Findings outside the shipped upstream baseline (known bugs and intended changes) fail the controls.
            return results.SelectMany(r => r.Cases).Any(c => c.IsNews) ? ExitCodes.ExpectationViolated : ExitCodes.Success;
        });
        return command;
    }

    private static void Print(ControlResult result, ControlRequest request)
    {
        var counts = string.Join(", ", result.Cases.GroupBy(c => c.Outcome.Verdict).OrderBy(g => g.Key.Info().Severity).Select(g => $"{g.Key.Name()} {g.Count()}"));
        Console.WriteLine($"{result.Build} → {result.Build} (seed {result.Seed}, {result.Cases.Count} cases, {result.Duration.TotalSeconds:0} s): {counts}");
        foreach (var c in result.Cases.Where(x => x.Outcome.Verdict.Info().IsFinding || x.Outcome.Verdict == Verdict.InfraError))
        {
            Console.WriteLine($"  case {c.Index} ({request.GuestFor(c.Index).ToString().ToLowerInvariant()}): {c.Outcome.Verdict.Name()}: {c.Outcome.Judgement.Reason}" +
                              (c.Known is null ? "" : $"\n    in the upstream baseline: {c.Known}"));
            if (request.Index is not null)
                foreach (var side in c.Outcome.Observation.Hops.SelectMany(h => new[] { h.Source, h.Destination }).Append(c.Outcome.Observation.FirstSource).OfType<SideEvidence>())
                    Console.WriteLine($"  --- {side.Role} {side.Build} ({side.Exit ?? "running"}): {string.Join(' ', side.Argv)}\n{side.StderrTail()}");
        }
    }
}
