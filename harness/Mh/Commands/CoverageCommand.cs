using MigrationHarness.App;
using System.CommandLine;
using System.Globalization;
using MigrationHarness.Campaign;
using MigrationHarness.Configs.Coverage;
using MigrationHarness.Qemu;
using MigrationHarness.Scenarios;

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
            var perPair = parse.GetValue(cases);
            if (perPair is < 1 or > 5000) throw new BadInputException("--cases must be 1..5000");
            using var context = await HarnessSession.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct);
            var selected = parse.GetValue(build) is { Length: > 0 } names ? names.Select(context.Catalog.Get).ToArray() : context.Catalog.Builds.ToArray();
            if (selected.Length < 2) throw new BadInputException("coverage needs at least two builds");
            var ready = await context.ResolveAsync(selected, ct);
            var workspace = new RunWorkspace(HarnessSession.NewRunId());
            await using var pool = await context.NewPoolAsync(workspace, ct);
            var spaces = new Dictionary<string, Configs.Capabilities.ConfigSpace>();
            foreach (var a in ready)
                foreach (var b in ready.Where(b => a.Version < b.Version))
                    spaces[a.Name + b.Name] = (await context.SpaceAsync(pool, [a, b], ct)).Space;
            // One scenario keeps every case of a pair in one stream, so "cases" is per pair.
            Scenario[] scenarios = [new Forward(GuestMode.Paused)];
            var seedValue = parse.GetValue(seed);
            var plans = new[] { true, false }.ToDictionary(steer => steer,
                steer => new CampaignPlan(seedValue, ready, b => spaces[b[0].Name + b[1].Name], scenarios, steer: steer));
            var pairs = plans[true].PairCount;
            var curves = plans.ToDictionary(p => p.Key, p => Curves(p.Value, pairs, perPair));
            Console.WriteLine($"seed {seedValue}, {perPair} cases per pair, {CoverageModel.Dimensions.Count} dimensions; cases until every class (pair of classes) " +
                              "either method reached is covered:");
            Console.WriteLine($"{"pair",-22} {"required",8} {"steered",8} {"random",8} {"all",5} {"steered",8} {"random",8} {"pairs",6} {"steered",8} {"random",8}  never reached");
            var required = CoverageModel.Dimensions.Where(d => d.Required).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var (name, i) in plans[true].PairNames.Select((n, i) => (n, i)))
            {
                var space = spaces[string.Concat(name.Split(':'))];
                var (steered, random) = (curves[true][i], curves[false][i]);
                var singles = steered.Singles.Last().Union(random.Singles.Last()).ToHashSet();
                var pairSet = steered.Pairs.Last().Union(random.Pairs.Last()).ToHashSet();
                var unreached = CoverageModel.Universe(space).Where(c => !singles.Contains(c)).Select(c => c.ToString()).ToArray();
                var requiredSet = singles.Where(c => required.Contains(c.Dimension)).ToHashSet();
                Console.WriteLine($"{name,-22} {requiredSet.Count,8} {Needed(steered.Singles, requiredSet),8} {Needed(random.Singles, requiredSet),8} " +
                                  $"{singles.Count,5} {Needed(steered.Singles, singles),8} {Needed(random.Singles, singles),8} " +
                                  $"{pairSet.Count,6} {Needed(steered.Pairs, pairSet),8} {Needed(random.Pairs, pairSet),8}  " +
                                  (unreached.Length == 0 ? "-" : string.Join(", ", unreached)));
            }
            foreach (var wanted in parse.GetValue(first) ?? [])
            {
                Console.WriteLine($"\nfirst case exercising {wanted} (case number within the pair; - when none in {perPair}):");
                foreach (var (name, i) in plans[true].PairNames.Select((n, i) => (n, i)))
                    Console.WriteLine($"  {name,-22} steered {First(curves[true][i], wanted),6}   random {First(curves[false][i], wanted),6}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private sealed record Curve(List<HashSet<CoverageClass>> Singles, List<HashSet<(CoverageClass, CoverageClass)>> Pairs);

    /// <summary>For each pair, the classes and pairs covered after each of its cases.</summary>
    private static Curve[] Curves(CampaignPlan plan, int pairs, int perPair)
    {
        var curves = Enumerable.Range(0, pairs).Select(_ => new Curve([], [])).ToArray();
        for (long i = 0; i < (long)pairs * perPair; i++)
        {
            var planned = plan.Case(i);
            var curve = curves[plan.Slot(i).Pair];
            var classes = CoverageModel.Of(planned.Config);
            var singles = new HashSet<CoverageClass>(curve.Singles.LastOrDefault() ?? []);
            singles.UnionWith(classes);
            var pairSet = new HashSet<(CoverageClass, CoverageClass)>(curve.Pairs.LastOrDefault() ?? []);
            pairSet.UnionWith(CoverageModel.Pairs(classes));
            curve.Singles.Add(singles);
            curve.Pairs.Add(pairSet);
        }
        return curves;
    }

    private static string First(Curve curve, string wanted)
    {
        var index = curve.Singles.FindIndex(covered => covered.Any(c => c.ToString() == wanted));
        return index < 0 ? "-" : (index + 1).ToString(CultureInfo.InvariantCulture);
    }

    private static string Needed<T>(List<HashSet<T>> curve, HashSet<T> target)
    {
        var index = curve.FindIndex(covered => covered.IsSupersetOf(target));
        return index < 0 ? $">{curve.Count}" : (index + 1).ToString(CultureInfo.InvariantCulture);
    }
}
