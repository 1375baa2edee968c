using MigrationHarness.Campaign;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Results;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Records;

namespace MigrationHarness.Tests.Campaign;

/// <summary>Campaign guarantees on real QEMU: same seed same cases and verdicts, shards add up, an interrupted run resumes.</summary>
[Collection(RealQemuCollection.Name)]
public sealed class CampaignTests(RealQemuFixture fixture) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mh-campaign-").FullName;

    private async Task<CampaignPlan> PlanAsync(ulong seed, (int, int)? shard = null)
    {
        var builds = new[] { fixture.Build("qemu-7.2"), fixture.Build("qemu-10.0"), fixture.Build("qemu-11.1") };
        var spaces = new Dictionary<string, ConfigSpace>();
        foreach (var pair in new[] { ("qemu-7.2", "qemu-10.0"), ("qemu-7.2", "qemu-11.1"), ("qemu-10.0", "qemu-11.1") })
            spaces[pair.Item1 + pair.Item2] = await fixture.SpaceAsync(pair.Item1, pair.Item2);
        return new CampaignPlan(seed, builds, b => spaces[b[0].Name + b[1].Name],
            [new Forward(GuestMode.Paused), new Backward(GuestMode.Paused)], shard: shard);
    }

    private async Task<IReadOnlyList<CaseRecord>> RunAsync(CampaignPlan plan, string name, long cases, CancellationToken cancellationToken = default,
        Action<CaseRecord>? onCase = null)
    {
        var path = Path.Combine(_directory, name + ".jsonl");
        var done = CaseLog.Read(path).Select(r => r.Index).ToHashSet();
        using var log = new CaseLog(path);
        await new CampaignRunner(new CaseRunner(fixture.Pool), plan, new CampaignOptions(plan.Seed, cases, null, 2, 1), log, done, onCase).RunAsync(cancellationToken);
        return CaseLog.Read(path);
    }

    [Fact(Timeout = 300_000)]
    public async Task The_same_seed_run_whole_and_in_two_shards_gives_the_same_configs_and_verdicts()
    {
        var whole = await RunAsync(await PlanAsync(77), "whole", 8);
        // Three pairs under two scenarios: rounds of six cases, shard 1 takes the first, shard 2 the second.
        // The shards run the same seed's cases a second time, in other workers and containers.
        var one = await RunAsync(await PlanAsync(77, (1, 2)), "shard1", 6);
        var two = await RunAsync(await PlanAsync(77, (2, 2)), "shard2", 2);

        Assert.Equal(8, whole.Count);
        Assert.Equal([0L, 1, 2, 3, 4, 5], one.Select(r => r.Index).Order());
        Assert.Equal([6L, 7], two.Select(r => r.Index).Order());
        Assert.Equal(whole.OrderBy(r => r.Index).Select(r => (r.Index, r.Config, r.Scenario, r.Verdict)),
            one.Concat(two).OrderBy(r => r.Index).Select(r => (r.Index, r.Config, r.Scenario, r.Verdict)));
        // Another seed draws other configs (what they would give when run is not the point).
        var other = await PlanAsync(78);
        Assert.NotEqual(whole.OrderBy(r => r.Index).Select(r => r.Config).ToArray(), Enumerable.Range(0, 8).Select(i => other.Case(i).Config).ToArray());
    }

    [Fact(Timeout = 240_000)]
    public async Task An_interrupted_campaign_resumes_and_ends_with_every_case_exactly_once()
    {
        var plan = await PlanAsync(991);
        using var interrupt = new CancellationTokenSource();
        var seen = 0;
        try
        {
            await RunAsync(plan, "resume", 6, interrupt.Token, _ => { if (Interlocked.Increment(ref seen) == 2) interrupt.Cancel(); });
        }
        catch (OperationCanceledException)
        {
        }
        // A crash mid-write leaves a torn last line: it must be dropped, not break the log.
        await File.AppendAllTextAsync(Path.Combine(_directory, "resume.jsonl"), "{\"id\":\"c0000");
        var interrupted = CaseLog.Read(Path.Combine(_directory, "resume.jsonl"));

        var resumed = await RunAsync(plan, "resume", 6);

        Assert.InRange(interrupted.Count, 2, 5);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => (long)i), resumed.Select(r => r.Index).Order());
        Assert.Equal(resumed.Count, resumed.Select(r => r.Index).Distinct().Count());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
