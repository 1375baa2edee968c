using MigrationHarness.Builds;
using MigrationHarness.Campaign;
using MigrationHarness.Scenarios;
using MigrationHarness.Model;

namespace MigrationHarness.Tests.Campaign;

/// <summary>Shards partition a campaign, and every shard covers every pair and scenario in the same proportions.</summary>
public sealed class ShardFairnessTests
{
    /// <summary>The four default builds (six pairs) under the default scenarios; no config is drawn, so no space is needed.</summary>
    private static CampaignPlan Plan(int shards, int shard) => new(7, DefaultBuilds(), _ => null!, Scenario.Defaults, shard: (shard, shards));

    /// <summary>The four default builds as resolved images, without an engine.</summary>
    internal static ReadyBuild[] DefaultBuilds() => new[] { ("qemu-5.2", "5.2.0"), ("qemu-7.2", "7.2.22"), ("qemu-10.0", "10.0.13"), ("qemu-11.1", "11.1.3") }
        .Select(b => new ReadyBuild(new Build(b.Item1, new BuildSource.ExistingImage("img")),
            new ResolvedBuild(b.Item1, "image", "img", "sha256:" + new string('a', 64), b.Item2, "", "", DateTimeOffset.UnixEpoch))).ToArray();

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)] [InlineData(5)] [InlineData(6)] [InlineData(7)] [InlineData(8)]
    public void Every_shard_covers_every_pair_and_scenario_in_the_same_proportions(int shards)
    {
        var plans = Enumerable.Range(1, shards).Select(k => Plan(shards, k)).ToArray();
        var slots = plans[0].PairCount * plans[0].Scenarios.Count;
        Assert.Equal(6, plans[0].PairCount);

        // Any budget: the first m cases of every shard have the same (pair, scenario) counts.
        foreach (var m in new[] { 1, 5, slots - 1, slots, slots + 7, 3 * slots })
        {
            var mixes = plans.Select(p => p.GeneratedIndices().Take(m).Select(p.Slot).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count())).ToArray();
            Assert.All(mixes, mix => Assert.Equal(mixes[0], mix));
        }
        // Whole rounds cover every pair under every scenario equally often.
        var firstRound = plans[^1].GeneratedIndices().Take(slots).Select(plans[^1].Slot).ToArray();
        Assert.Equal(slots, firstRound.Distinct().Count());
    }

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(5)] [InlineData(8)]
    public void Shards_partition_the_campaign_exactly(int shards)
    {
        var plans = Enumerable.Range(1, shards).Select(k => Plan(shards, k)).ToArray();

        for (long i = -20; i < 1000; i++)
            Assert.Equal(1, plans.Count(p => p.InShard(i)));
        // What each shard runs is what it owns, and together the first rounds are every index once.
        Assert.All(plans, p => Assert.All(p.GeneratedIndices().Take(500), i => Assert.True(p.InShard(i))));
        var rounds = plans.SelectMany(p => p.GeneratedIndices().TakeWhile(i => i < 40 * p.RoundLength)).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, (int)(40 * plans[0].RoundLength)).Select(i => (long)i), rounds);
    }
}
