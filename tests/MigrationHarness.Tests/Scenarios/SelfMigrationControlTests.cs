using MigrationHarness.Configs;
using MigrationHarness.Configs.Generation;
using MigrationHarness.Oracles;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Model;

namespace MigrationHarness.Tests.Scenarios;

/// <summary>
/// Controls: a build migrated to itself must never fail. 24 generated configs per default build
/// (every fourth with the running guest), two at a time; any verdict but pass or not-applicable
/// is a harness bug (or a QEMU bug that does not need two versions to show). Under TCG, QEMU loses
/// dirty pages of a running guest (findings this harness makes; see the README), so there the
/// controls keep the guest paused; `mh controls` runs both modes.
/// </summary>
[Collection(RealQemuCollection.Name)]
public sealed class SelfMigrationControlTests(RealQemuFixture fixture, ITestOutputHelper output)
{
    private static readonly string[] KnownTcgFindings = ["tlb_reset_dirty_range_all: Assertion"];

    [Theory(Timeout = 900_000)]
    [InlineData("qemu-5.2")]
    [InlineData("qemu-7.2")]
    [InlineData("qemu-10.0")]
    [InlineData("qemu-11.1")]
    public async Task Generated_configs_migrate_from_a_build_to_itself_without_a_finding(string buildName)
    {
        // A sample per build; `mh controls` runs 500 each in the nightly job.
        const int Count = 12;
        var build = fixture.Build(buildName);
        var space = await fixture.SpaceAsync(buildName);
        var runner = new CaseRunner(fixture.Pool);
        var seed = VmConfigGen.StableSeed("self " + buildName) % 100_000;
        var outcomes = new CaseOutcome[Count];
        using var gate = new SemaphoreSlim(2);

        await Task.WhenAll(Enumerable.Range(0, Count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var guest = i % 4 == 3 && fixture.Host.Accelerator == Accelerator.Kvm ? GuestMode.Running : GuestMode.Paused;
                var config = VmConfigGen.Sample(space, seed, i, i % 101);
                outcomes[i] = await runner.RunAsync(new CaseSpec(config, new Forward(guest), [build, build]) { Seed = seed, Index = i });
            }
            finally
            {
                gate.Release();
            }
        }));

        output.WriteLine($"{buildName} → {buildName}, seed {seed}: " + string.Join(", ", outcomes.GroupBy(o => o.Verdict).Select(g => $"{g.Key.Name()} {g.Count()}")));
        var all = outcomes.Select((o, i) => (o, i)).Where(x => x.o.Verdict is not (Verdict.Pass or Verdict.NotApplicable)).ToArray();
        foreach (var (o, i) in all) output.WriteLine($"  case {i}: {o.Verdict.Name()}: {o.Judgement.Reason}");
        // QEMU's own bugs that self-migration shows on a TCG host (README: found with TCG) are findings of QEMU, not of the harness.
        var findings = all.Where(x => !(fixture.Host.Accelerator == Accelerator.Tcg && KnownTcgFindings.Any(k => x.o.Judgement.Reason.Contains(k, StringComparison.Ordinal)))).ToArray();
        foreach (var (o, i) in outcomes.Select((o, i) => (o, i)).Where(x => x.o.Verdict == Verdict.NotApplicable)) output.WriteLine($"  case {i}: not applicable: {o.Judgement.Reason}");
        Assert.True(findings.Length == 0, $"{findings.Length} finding(s) in self-migration, first: case {findings.FirstOrDefault().i}: {findings.FirstOrDefault().o?.Judgement.Reason}");
    }
}
