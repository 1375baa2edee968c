using MigrationHarness.Campaign;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Generation;
using MigrationHarness.Oracles;
using MigrationHarness.Processes;
using MigrationHarness.Results;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Model;

namespace MigrationHarness.Tests.Campaign;

/// <summary>
/// The shrinker and the reproducer on a failure planted in a large config: the destination adds one
/// CPU feature. The shrunk reproducer must keep only that, and its repro.sh — plain docker, no
/// harness — must reach the same verdict on its own.
/// </summary>
[Collection(RealQemuCollection.Name)]
public sealed class PlantedShrinkTests(RealQemuFixture fixture, ITestOutputHelper log) : IDisposable
{
    private static readonly string[] Plantable = ["sse4a", "abm", "3dnowprefetch", "misalignsse", "popcnt", "rdtscp", "fsgsbase", "bmi1", "movbe", "xsaveopt"];
    private readonly string _directory = Directory.CreateTempSubdirectory("mh-shrink-").FullName;

    [Fact(Timeout = 420_000)]
    public async Task A_planted_feature_in_a_large_config_shrinks_to_that_feature_alone_and_repro_sh_shows_the_same_verdict()
    {
        var builds = new[] { fixture.Build("qemu-10.0"), fixture.Build("qemu-11.1") };
        var space = await fixture.SpaceAsync("qemu-10.0", "qemu-11.1");
        var runner = new CaseRunner(fixture.Pool);
        var scenario = new Forward(GuestMode.Paused);

        // The first large generated config (seed 1) that migrates cleanly, and a feature whose addition on the destination is the only drift.
        (CaseSpec Spec, CaseOutcome Outcome, string Feature)? planted = null;
        for (var index = 0; index < 400 && planted is null; index++)
        {
            var config = VmConfigGen.Sample(space, 1, index, VmConfigGen.MaxSize);
            if (config.Numa.Nodes.Count < 4 || config.Dimms.Count < 4 || config.Cpu.Features.Count < 8) continue;
            var spec = new CaseSpec(config, scenario, builds) { Seed = 1, Index = index };
            var clean = await runner.RunAsync(spec);
            if (clean.Verdict != Verdict.Pass) { log.WriteLine($"case {index}: {clean.Verdict.Name()}: {clean.Judgement.Reason}"); continue; }
            foreach (var feature in Plantable.Where(f => space.HostFeatures.Contains(f) && config.Cpu.Features.All(c => c.Name != f)))
            {
                var faulty = spec with { Faults = new CaseFaults { DestinationConfig = c => c with { Cpu = c.Cpu with { Features = [.. c.Cpu.Features, new CpuFeature(feature, FeaturePolicy.Require)] } } } };
                var outcome = await runner.RunAsync(faulty);
                if (outcome.Verdict == Verdict.AbiDrift && outcome.Observation.Hops[0].AbiDifferences.All(d => d.Detail.Contains(feature, StringComparison.Ordinal)))
                {
                    planted = (faulty, outcome, feature);
                    break;
                }
                log.WriteLine($"case {index} +{feature}: {outcome.Verdict.Name()}: {outcome.Judgement.Reason}");
            }
        }
        Assert.True(planted is not null, "no large config with a plantable feature was found");
        var (failing, failed, planted1) = planted.Value;

        var shrink = await new Shrinker(runner).ShrinkAsync(failing, failed, space);

        var shrunk = shrink.Shrunk;
        log.WriteLine($"planted +{planted1} into case {failing.Index}: {failing.Config.Numa.Nodes.Count} nodes, {failing.Config.Dimms.Count} DIMMs, " +
                      $"{failing.Config.Cpu.Features.Count} features, {failing.Config.Cpu.Model}; shrunk in {shrink.Runs} runs, {shrink.Duration.TotalSeconds:0.0} s");
        Assert.Equal(Verdict.AbiDrift, shrink.ShrunkOutcome.Verdict);
        Assert.InRange(shrink.Runs, 1, 100);
        Assert.InRange(shrunk.Numa.Nodes.Count, 0, 1);
        Assert.Empty(shrunk.Dimms);
        Assert.Empty(shrunk.Cpu.Features);
        var hop = shrink.ShrunkOutcome.Observation.Hops[0];
        Assert.Contains(hop.Destination!.Argv, a => a.Contains(planted1, StringComparison.Ordinal));
        Assert.DoesNotContain(hop.Source!.Argv, a => a.Contains(planted1, StringComparison.Ordinal));
        Assert.All(hop.AbiDifferences, d => Assert.Contains(planted1, d.Detail));

        var record = CaseRecords.From(new PlannedCase(failing.Index, shrunk, scenario, builds), failing.Seed, new ConfirmedOutcome(shrink.ShrunkOutcome, [], false));
        var reproducer = ReproducerWriter.Write(_directory, record, shrink.ShrunkOutcome, shrunk, builds, shrink, MigrationHarness.Findings.HostDependence.Independent);
        var run = await HostCommand.RunAsync("sh", [Path.Combine(reproducer, "repro.sh")], TimeSpan.FromSeconds(120));
        var (exit, output) = (run.ExitCode, run.StandardOutput + run.StandardError);

        log.WriteLine(output);
        Assert.True(exit == 0, $"repro.sh exited {exit}:\n{output}");
        Assert.Contains("verdict: abi-drift", output);
        Assert.Contains($"differs: feature {planted1}:", output);
        Assert.Contains("migration status on the source: completed", output);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
