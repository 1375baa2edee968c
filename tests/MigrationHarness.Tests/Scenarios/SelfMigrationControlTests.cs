using MigrationHarness.Configs.Generation;
using MigrationHarness.Oracles;
using MigrationHarness.Scenarios;
using MigrationHarness.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MigrationHarness.Tests.Scenarios;

/// <summary>
/// Controls: a build migrated to itself must never fail. 200 generated configs per default build
/// (every fourth with the running guest), two at a time; any verdict but pass or not-applicable
/// is a harness bug (or a QEMU bug that does not need two versions to show).
/// </summary>
[Collection(RealQemuCollection.Name)]
public sealed class SelfMigrationControlTests(RealQemuFixture fixture, ITestOutputHelper output)
{
    [Theory(Timeout = 900_000)]
    [InlineData("qemu-5.2")]
    [InlineData("qemu-7.2")]
    [InlineData("qemu-10.0")]
    [InlineData("qemu-11.1")]
    public async Task Two_hundred_generated_configs_migrate_from_a_build_to_itself_without_a_finding(string buildName)
    {
        const int Count = 200;
        var build = fixture.Build(buildName);
        var space = await fixture.SpaceAsync(buildName);
        var runner = new ScenarioRunner(fixture.Pool);
        var seed = VmConfigGen.StableSeed("self " + buildName) % 100_000;
        var outcomes = new CaseOutcome[Count];
        using var gate = new SemaphoreSlim(2);

        await Task.WhenAll(Enumerable.Range(0, Count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var guest = i % 4 == 3 ? GuestMode.Running : GuestMode.Paused;
                var config = VmConfigGen.Sample(space, seed, i, i % 101);
                outcomes[i] = await runner.RunAsync(new CaseSpec(config, new Scenario(ScenarioKind.Forward, guest), [build, build]) { Seed = seed, Index = i });
            }
            finally
            {
                gate.Release();
            }
        }));

        output.WriteLine($"{buildName} → {buildName}, seed {seed}: " + string.Join(", ", outcomes.GroupBy(o => o.Verdict).Select(g => $"{g.Key.Name()} {g.Count()}")));
        var findings = outcomes.Select((o, i) => (o, i)).Where(x => x.o.Verdict is not (Verdict.Pass or Verdict.NotApplicable)).ToArray();
        foreach (var (o, i) in findings) output.WriteLine($"  case {i}: {o.Verdict.Name()}: {o.Judgement.Reason}");
        foreach (var (o, i) in outcomes.Select((o, i) => (o, i)).Where(x => x.o.Verdict == Verdict.NotApplicable)) output.WriteLine($"  case {i}: not applicable: {o.Judgement.Reason}");
        Assert.True(findings.Length == 0, $"{findings.Length} finding(s) in self-migration, first: case {findings.FirstOrDefault().i}: {findings.FirstOrDefault().o?.Judgement.Reason}");
    }
}
