using MigrationHarness.Campaign;
using MigrationHarness.Configs;
using MigrationHarness.Findings;
using MigrationHarness.Model;
using MigrationHarness.Oracles;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Tests.Exporters;
using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Campaign;

/// <summary>
/// A finding whose first case does not fail again gets its reproducer from a stand-in, another case where it broke the
/// same promise. Real QEMU: the first case's recorded failure is one its config never shows (it passes), the stand-in's a
/// drift planted on its destination, which shows every time.
/// </summary>
[Collection(RealQemuCollection.Name)]
public sealed class ReproducerStandInTests(RealQemuFixture fixture) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mh-standin-").FullName;

    [Fact(Timeout = 240_000)]
    public async Task A_first_case_that_passes_now_leaves_its_reproducer_to_the_stand_in_that_still_fails_as_recorded()
    {
        var builds = new[] { fixture.Build("qemu-10.0"), fixture.Build("qemu-11.1") };
        var config = VmConfig.Minimal("pc-q35-10.0", fixture.Host.Accelerator);
        var runner = new CaseRunner(fixture.Pool);
        var plain = new CaseSpec(config, new Forward(GuestMode.Paused), builds) { Seed = 1, Index = 1 };
        var planted = plain with
        {
            Index = 2,
            Faults = new CaseFaults { DestinationConfig = c => c with { Cpu = c.Cpu with { Features = [.. c.Cpu.Features, new CpuFeature("popcnt", FeaturePolicy.Require)] } } },
        };
        var failed = await runner.RunAsync(planted);
        Assert.True(failed.Verdict == Verdict.AbiDrift, failed.Judgement.Reason);
        var signature = FailureSignature.Of(failed, planted);

        var template = FixedRun.Cases()[0] with
        {
            Seed = 1, Scenario = "forward/paused", Builds = ["qemu-10.0", "qemu-11.1"], MachineType = config.MachineType, Config = config,
            Verdict = Verdict.AbiDrift, Signature = signature,
        };
        var first = template with { Id = "c000001", Index = 1 };
        var standIn = template with { Id = "c000002", Index = 2 };
        var pipeline = new ReproducerPipeline(runner, fixture.Pool, _directory, shrink: false, TimeSpan.Zero);

        await pipeline.WriteAllAsync([new ReproducerDue(first, plain, null) { StandIns = [new ReproducerDue(standIn, planted, null)] }], CancellationToken.None);

        Assert.False(Directory.Exists(Path.Combine(_directory, "reproducers", "c000001")), "the case that passes now got a reproducer");
        Assert.True(File.Exists(Path.Combine(_directory, "reproducers", "c000002", "config.json")), "the stand-in got no reproducer");
        Assert.Empty(pipeline.LeftForLater);
        Assert.Empty(await fixture.RunningQemuAsync());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
