using MigrationHarness.Campaign;
using MigrationHarness.Results;
using MigrationHarness.Tiers;
using MigrationHarness.Model;
using MigrationHarness.Records;

namespace MigrationHarness.Comparison;

/// <summary>
/// What changed between an earlier run and this one. A failure is <see cref="New"/> when its
/// signature was not seen before; <see cref="Fixed"/> when this run replayed its case (the
/// regression corpus, or the same seed, index and config) and did not see it again;
/// <see cref="StillFailing"/> when a replay saw it again; otherwise <see cref="NotRetried"/> — a random
/// campaign that merely did not meet a failure has not shown it fixed. Tier and build changes too.
/// </summary>
public sealed record RunComparison(string Previous, string Current, IReadOnlyList<FailureChange> New, IReadOnlyList<FailureChange> Fixed,
    IReadOnlyList<FailureChange> StillFailing, IReadOnlyList<FailureChange> NotRetried, IReadOnlyList<TierChange> Tiers, IReadOnlyList<BuildChange> Builds)
{
    /// <summary>Something got worse: a new failure or a tier that lost strength.</summary>
    public bool Regressed => New.Count > 0 || Tiers.Any(t => t.Worse);

    /// <summary>Classes of the config space this run exercised that the earlier one did not.</summary>
    public IReadOnlyList<string> CoverageGained { get; init; } = [];

    /// <summary>Classes the earlier run exercised that this one did not (what this run's verdicts no longer rest on).</summary>
    public IReadOnlyList<string> CoverageLost { get; init; } = [];

    public static RunComparison Between(RunFolder previous, RunFolder current)
    {
        var before = Distinct(previous.Cases);
        var after = Distinct(current.Cases);
        var (fixedOnes, still, notRetried) = (new List<FailureChange>(), new List<FailureChange>(), new List<FailureChange>());
        foreach (var (signature, (first, count)) in before)
        {
            var replays = Replays(previous, first, current).ToArray();
            var change = Change(signature, first, count);
            if (replays.Any(r => r.Signature == signature) || (replays.Length == 0 && after.ContainsKey(signature))) still.Add(change);
            else if (replays.Length > 0) fixedOnes.Add(change);
            else notRetried.Add(change);
        }

        var tierChanges = new List<TierChange>();
        var beforeTiers = previous.Tiers.ToDictionary(t => (t.Older, t.Newer, t.MachineType));
        foreach (var tier in current.Tiers)
        {
            if (!beforeTiers.TryGetValue((tier.Older, tier.Newer, tier.MachineType), out var old) || old.Tier == tier.Tier) continue;
            // Weaker evidence-backed tier, or broken where it was not (whatever evidence the earlier row had).
            var worse = (tier.Tier.Rank() is { } now && old.Tier.Rank() is { } then && now < then)
                        || (tier.Tier == SupportTier.Broken && old.Tier != SupportTier.Broken);
            tierChanges.Add(new TierChange(tier.Older, tier.Newer, tier.MachineType, old.Tier.Name(), tier.Tier.Name(), worse));
        }

        var builds = previous.Manifest.Builds.Select(b => b.Name).Union(current.Manifest.Builds.Select(b => b.Name))
            .Select(name => new BuildChange(name, Describe(previous, name), Describe(current, name)))
            .Where(c => c.Before != c.After).ToArray();

        return new RunComparison(previous.Manifest.RunId, current.Manifest.RunId,
            after.Where(f => !before.ContainsKey(f.Key)).Select(f => Change(f.Key, f.Value.First, f.Value.Count)).ToArray(),
            fixedOnes, still, notRetried,
            tierChanges.OrderBy(t => t.MachineType, StringComparer.Ordinal).ThenBy(t => t.Older, StringComparer.Ordinal).ToArray(),
            builds)
        {
            CoverageGained = Coverage(current).Against(Coverage(previous)).Gained,
            CoverageLost = Coverage(current).Against(Coverage(previous)).Lost,
        };
    }

    private static MigrationHarness.Coverage.CoverageCounts Coverage(RunFolder run) => MigrationHarness.Coverage.CoverageCounts.Of(
        run.Cases.Where(c => c.Judged).Select(MigrationHarness.Coverage.CaseCoverage.Of), null);

    /// <summary>The cases of <paramref name="current"/> that ran the same thing as <paramref name="failure"/>: its reproducer replayed, or the same seed, index and config.</summary>
    private static IEnumerable<CaseRecord> Replays(RunFolder previous, CaseRecord failure, RunFolder current)
    {
        var reproducer = previous.Reproducers.TryGetValue(failure.Id, out var relative) ? Path.GetFullPath(Path.Combine(previous.Directory, relative)) : null;
        return current.Cases.Where(c =>
            (reproducer is not null && c.Origin is { } origin && Path.GetFullPath(origin) == reproducer)
            || (c.Seed == failure.Seed && c.Index == failure.Index && c.Scenario == failure.Scenario && c.Config == failure.Config));
    }

    private static Dictionary<string, (CaseRecord First, int Count)> Distinct(IEnumerable<CaseRecord> cases) =>
        cases.Where(c => c.Signature is not null && !c.Flaky).GroupBy(c => c.Signature!)
            .ToDictionary(g => g.Key, g => (g.OrderBy(c => c.Index).First(), g.Count()));

    private static FailureChange Change(string signature, CaseRecord first, int count) =>
        new(signature, first.Verdict, first.Id, first.Scenario, first.Builds, first.MachineType, first.Reason, count);

    private static string? Describe(RunFolder run, string name) =>
        run.Manifest.Builds.FirstOrDefault(b => b.Name == name) is { } b ? $"QEMU {b.QemuVersion} ({b.ImageId[..Math.Min(19, b.ImageId.Length)]})" : null;
}
