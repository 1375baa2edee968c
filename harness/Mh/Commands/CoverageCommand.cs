using System.CommandLine;
using MigrationHarness.App;
using MigrationHarness.App.Studies;
using MigrationHarness.Configs.Coverage;

namespace MigrationHarness.Cli.Commands;

/// <summary>
/// <c>mh coverage [--build B]… [--cases N] [--seed S]</c>: how many cases a campaign needs to exercise
/// every class, and every pair of classes, of each pair's config space, steered and plain random on
/// the same seed. Generation only: no QEMU runs, so it answers in seconds.
/// </summary>
public static class CoverageCommand
{
    public static Command Create()
    {
        var build = new Option<string[]>("--build") { Description = "Builds (default: every build in the catalog)", AllowMultipleArgumentsPerToken = true };
        var cases = new Option<int>("--cases") { Description = "Cases per pair to plan", DefaultValueFactory = _ => 300 };
        var seed = new Option<ulong>("--seed") { Description = "Seed", DefaultValueFactory = _ => 1 };
        var first = new Option<string[]>("--first") { Description = "Also print the first case (per pair) that exercises this class, e.g. memory-device=virtio-mem-pci (repeatable)", AllowMultipleArgumentsPerToken = true };
        var command = new Command("coverage", "Cases needed for full class and pairwise coverage per pair, steered against plain random") { build, cases, seed, first };
        command.SetAction(async (parse, ct) =>
        {
            var (perPair, seedValue, wanted) = (parse.GetValue(cases), parse.GetValue(seed), parse.GetValue(first) ?? []);
            if (perPair is < 1 or > 5000) throw new BadInputException("--cases must be 1..5000");
            using var session = await HarnessSession.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct);
            var rows = await new CoverageStudy(session).RunAsync(parse.GetValue(build) ?? [], perPair, seedValue, wanted, ct);
            Console.WriteLine($"seed {seedValue}, {perPair} cases per pair, {CoverageModel.Dimensions.Count} dimensions; cases until every class (pair of classes) " +
                              "either method reached is covered:");
            Console.WriteLine($"{"pair",-22} {"required",8} {"steered",8} {"random",8} {"all",5} {"steered",8} {"random",8} {"pairs",6} {"steered",8} {"random",8}  never reached");
            foreach (var r in rows)
                Console.WriteLine($"{r.Pair,-22} {r.Required,8} {r.RequiredSteered,8} {r.RequiredRandom,8} {r.Classes,5} {r.ClassesSteered,8} {r.ClassesRandom,8} " +
                                  $"{r.ClassPairs,6} {r.ClassPairsSteered,8} {r.ClassPairsRandom,8}  " + (r.NeverReached.Count == 0 ? "-" : string.Join(", ", r.NeverReached)));
            foreach (var w in wanted)
            {
                Console.WriteLine($"\nfirst case exercising {w} (case number within the pair; - when none in {perPair}):");
                foreach (var r in rows) Console.WriteLine($"  {r.Pair,-22} steered {r.First[w].Steered,6}   random {r.First[w].Random,6}");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
