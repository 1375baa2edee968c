using System.Globalization;
using MigrationHarness.Campaign;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Configs.Coverage;
using MigrationHarness.Qemu;
using MigrationHarness.Scenarios;

namespace MigrationHarness.App.Studies;

/// <summary>
/// <c>mh coverage</c>: plans the same campaign steered and plain random (no QEMU runs a case) and counts, per
/// pair, the cases each needs for full class and pairwise coverage of its config space.
/// </summary>
public sealed class CoverageStudy(HarnessSession session)
{
    public async Task<IReadOnlyList<CoverageStudyRow>> RunAsync(IReadOnlyList<string> builds, int perPair, ulong seed, IReadOnlyList<string> first,
        CancellationToken ct = default)
    {
        if (perPair is < 1 or > 5000) throw new BadInputException("--cases must be 1..5000");
        var selected = builds.Count > 0 ? builds.Select(session.Catalog.Get).ToArray() : session.Catalog.Builds.ToArray();
        if (selected.Length < 2) throw new BadInputException("coverage needs at least two builds");
        var ready = await session.ResolveAsync(selected, ct);
        await using var pool = await session.NewPoolAsync(new RunWorkspace(HarnessSession.NewRunId()), ct);
        var spaces = new Dictionary<string, ConfigSpace>();
        foreach (var a in ready)
            foreach (var b in ready.Where(b => a.Version < b.Version))
                spaces[a.Name + b.Name] = (await session.SpaceAsync(pool, [a, b], ct)).Space;
        // One scenario keeps every case of a pair in one stream, so "cases" is per pair.
        Scenario[] scenarios = [new Forward(GuestMode.Paused)];
        var plans = new[] { true, false }.ToDictionary(steer => steer,
            steer => new CampaignPlan(seed, ready, b => spaces[b[0].Name + b[1].Name], scenarios, steer: steer));
        var pairs = plans[true].PairCount;
        var curves = plans.ToDictionary(p => p.Key, p => Curves(p.Value, pairs, perPair));
        var required = CoverageModel.Dimensions.Where(d => d.Required).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        return plans[true].PairNames.Select((name, i) =>
        {
            var space = spaces[string.Concat(name.Split(':'))];
            var (steered, random) = (curves[true][i], curves[false][i]);
            var singles = steered.Singles.Last().Union(random.Singles.Last()).ToHashSet();
            var pairSet = steered.Pairs.Last().Union(random.Pairs.Last()).ToHashSet();
            var requiredSet = singles.Where(c => required.Contains(c.Dimension)).ToHashSet();
            return new CoverageStudyRow(name, requiredSet.Count, Needed(steered.Singles, requiredSet), Needed(random.Singles, requiredSet),
                singles.Count, Needed(steered.Singles, singles), Needed(random.Singles, singles),
                pairSet.Count, Needed(steered.Pairs, pairSet), Needed(random.Pairs, pairSet),
                CoverageModel.Universe(space).Where(c => !singles.Contains(c)).Select(c => c.ToString()).ToArray())
            {
                First = first.Distinct().ToDictionary(wanted => wanted, wanted => (First(steered, wanted), First(random, wanted))),
            };
        }).ToArray();
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
