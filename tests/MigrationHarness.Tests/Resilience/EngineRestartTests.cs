using System.Text.RegularExpressions;
using MigrationHarness.Results;
using MigrationHarness.Tests.Cli;
using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Model;

namespace MigrationHarness.Tests.Resilience;

/// <summary>
/// A Docker engine restarted under a running campaign. The engine is a second, real dockerd of the
/// test's own (<see cref="ScratchDockerEngine"/>), so restarting it leaves the suite's engine alone.
/// </summary>
[Collection(RealQemuCollection.Name)]
public sealed partial class EngineRestartTests
{
    [Fact(Timeout = 420_000)]
    public async Task An_engine_restart_stops_the_campaign_with_infra_errors_and_resume_finishes_every_case_once()
    {
        await using var engine = await ScratchDockerEngine.StartAsync(["mh-build:qemu-7.2", "mh-build:qemu-10.0"]);
        var environment = new Dictionary<string, string> { ["DOCKER_HOST"] = engine.DockerHost };
        string[] campaign = ["--build", "qemu-7.2", "--build", "qemu-10.0", "--cases", "8", "--scenario", "forward/paused", "--scenario", "round-trip/running",
            "--parallel", "2", "--no-shrink", "--confirmations", "0"];

        string runDirectory;
        using (var mh = new MhProcess(environment, ["run", "--seed", "31", .. campaign]))
        {
            await mh.WaitForOutputAsync(o => o.Contains("[3] "), TimeSpan.FromSeconds(120));
            await engine.RestartAsync();
            var exit = await mh.WaitAsync(TimeSpan.FromSeconds(120));
            Assert.True(exit == 3, $"exit {exit}:\n{mh.Output}");
            Assert.Contains("infrastructure failure; the campaign stopped", mh.Output);
            runDirectory = Path.Combine(RealQemuFixture.RepositoryRoot, Results().Match(mh.Output).Groups[1].Value);
        }

        var judged = CaseLog.Read(Path.Combine(runDirectory, "cases.jsonl"));
        var hit = CaseLog.Read(Path.Combine(runDirectory, "infra-errors.jsonl"));
        Assert.NotEmpty(hit);
        Assert.All(hit, r => Assert.Equal("infra-error", r.Verdict.Name()));
        // Nothing the restart did may pass for a QEMU finding.
        Assert.DoesNotContain(judged, r => r.Verdict is Verdict.Crash or Verdict.Hang or Verdict.InfraError);
        Assert.InRange(judged.Count, 2, 7);
        Assert.Empty(await engine.HarnessContainersAsync());

        using var resumed = new MhProcess(environment, ["run", "--resume", runDirectory, .. campaign]);
        var resumedExit = await resumed.WaitAsync(TimeSpan.FromSeconds(240));

        var records = CaseLog.Read(Path.Combine(runDirectory, "cases.jsonl"));
        Assert.True(resumedExit is 0 or 1, resumed.Output);
        Assert.Contains($"resuming: {judged.Count} cases already recorded", resumed.Output);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (long)i), records.Select(r => r.Index).Order());
        Assert.DoesNotContain(records, r => r.Verdict is Verdict.Crash or Verdict.Hang or Verdict.InfraError);
        Assert.Empty(await engine.HarnessContainersAsync());
        Directory.Delete(runDirectory, recursive: true);
    }

    [GeneratedRegex(@"results: (\S+)")]
    private static partial Regex Results();
}
