using System.Text.Json;
using System.Text.RegularExpressions;
using MigrationHarness.Containers;
using MigrationHarness.Qemu;
using MigrationHarness.Results;
using MigrationHarness.Tests.Cli;
using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Model;
using MigrationHarness.Records;

namespace MigrationHarness.Tests.Campaign;

/// <summary>
/// One campaign across two real engines: the suite's own (unix socket) and a second dockerd reached
/// over TCP with TLS and client certificates the test makes. The second engine starts with no
/// image: the run ships them by the engine API. Then the same campaign again, with the TLS engine
/// stopped mid-run: only its cases may become infra-errors, the local engine runs the rest, and a
/// resume on the local engine alone finishes every case once.
/// </summary>
[Collection(RealQemuCollection.Name)]
public sealed partial class TwoEngineCampaignTests(RealQemuFixture fixture)
{
    private static readonly string[] Campaign =
        ["--build", "qemu-7.2", "--build", "qemu-10.0", "--scenario", "forward/paused", "--scenario", "round-trip/running", "--no-shrink", "--confirmations", "0"];

    [Fact(Timeout = 900_000)]
    public async Task A_campaign_spreads_over_a_local_and_a_tls_engine_and_losing_one_leaves_only_its_cases_to_resume()
    {
        await using var scratch = await ScratchDockerEngine.StartAsync([], tls: true);
        var local = "unix://" + DockerEndpoint.DefaultSocketPath;
        var remote = $"{scratch.TcpAddress.ToString().TrimEnd('/')},certs={scratch.Tls!.ClientDirectory},slots=1";
        var remoteName = new DockerEndpoint(scratch.TcpAddress).ToString();

        // 1. Both engines run cases of one campaign; each case and the manifest say where it ran.
        string spread;
        // Four cases: each engine's one slot takes a case at the start, so both engines run some.
        using (var mh = new MhProcess(["run", "--seed", "515", "--cases", "4", "--engine", local + ",slots=1", "--engine", remote, .. Campaign]))
        {
            var exit = await mh.WaitAsync(TimeSpan.FromMinutes(6));
            Assert.True(exit is 0 or 1, $"exit {exit}:\n{mh.Output}");
            Assert.Contains("per engine: ", mh.Output);
            spread = RunDirectory(mh.Output);
        }
        var cases = CaseLog.Read(Path.Combine(spread, "cases.jsonl"));
        Assert.Equal(Enumerable.Range(0, 4).Select(i => (long)i), cases.Select(r => r.Index).Order());
        var perEngine = cases.GroupBy(r => r.Engine).ToDictionary(g => g.Key ?? "(none)", g => g.Count());
        Assert.True(perEngine.Count == 2 && perEngine[DockerEndpoint.DefaultSocketPath] > 0 && perEngine[remoteName] > 0, string.Join(", ", perEngine));
        Assert.All(cases, r => Assert.NotNull(r.EngineHost));
        var manifest = JsonSerializer.Deserialize<RunManifest>(File.ReadAllText(Path.Combine(spread, "manifest.json")), ResultsJson.Document)!;
        Assert.Equal([DockerEndpoint.DefaultSocketPath, remoteName], manifest.Engines.Select(e => e.Name));
        Assert.Equal(2, manifest.Parallel);
        // The images were shipped to the TLS engine by the API: same ids as here.
        using (var engine = await DockerEngine.ConnectAsync(new DockerEndpoint(scratch.TcpAddress) { TlsCertificateDirectory = scratch.Tls.ClientDirectory }))
        {
            Assert.Equal(fixture.Build("qemu-10.0").Resolved.ImageId, (await engine.InspectImageAsync("mh-build:qemu-10.0"))?.Id);
            Assert.Empty(await engine.ListContainersAsync(new Dictionary<string, string?> { [HarnessLabels.Harness] = null }));
            Assert.Empty(await engine.ListVolumesAsync(new Dictionary<string, string?> { [HarnessLabels.Harness] = null }));
        }
        Assert.Empty(await fixture.Docker.ListVolumesAsync(new Dictionary<string, string?> { [HarnessLabels.Run] = manifest.RunId }));
        Directory.Delete(spread, recursive: true);

        // 2. The TLS engine is stopped under the campaign: the local one goes on.
        string lossRun;
        using (var mh = new MhProcess(["run", "--seed", "516", "--cases", "8", "--engine", local + ",slots=1", "--engine", remote, .. Campaign]))
        {
            await mh.WaitForOutputAsync(o => o.Contains("[2] "), TimeSpan.FromMinutes(3));
            await scratch.StopAsync();
            var exit = await mh.WaitAsync(TimeSpan.FromMinutes(6));
            Assert.True(exit == 3, $"exit {exit}:\n{mh.Output}");
            Assert.Contains($"lost engine {remoteName}", mh.Output);
            Assert.DoesNotContain("the campaign stopped", mh.Output);
            lossRun = RunDirectory(mh.Output);
        }
        var judged = CaseLog.Read(Path.Combine(lossRun, "cases.jsonl"));
        var hit = CaseLog.Read(Path.Combine(lossRun, "infra-errors.jsonl"));
        Assert.NotEmpty(hit);
        Assert.All(hit, r => Assert.Equal(remoteName, r.Engine));
        // Nothing the stop did may pass for a QEMU finding, and every case not lost with the engine ran on the local one.
        Assert.DoesNotContain(judged, r => r.Verdict is Verdict.Crash or Verdict.Hang or Verdict.InfraError);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (long)i), judged.Concat(hit).Select(r => r.Index).Order());
        Assert.Contains(judged, r => r.Engine == DockerEndpoint.DefaultSocketPath);

        using (var resumed = new MhProcess(["run", "--resume", lossRun, "--engine", local, .. Campaign]))
        {
            var exit = await resumed.WaitAsync(TimeSpan.FromMinutes(4));
            Assert.True(exit is 0 or 1, resumed.Output);
            Assert.Contains($"resuming: {judged.Count} cases already recorded", resumed.Output);
        }
        var records = CaseLog.Read(Path.Combine(lossRun, "cases.jsonl"));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (long)i), records.Select(r => r.Index).Order());
        Assert.DoesNotContain(records, r => r.Verdict is Verdict.Crash or Verdict.Hang or Verdict.InfraError);

        // 3. Nothing of the run is left running on the stopped engine; what it stopped, the next sweep removes.
        await scratch.StartAgainAsync();
        using (var engine = await DockerEngine.ConnectAsync(new DockerEndpoint(scratch.TcpAddress) { TlsCertificateDirectory = scratch.Tls.ClientDirectory }))
        {
            Assert.DoesNotContain(await engine.ListContainersAsync(new Dictionary<string, string?> { [HarnessLabels.Harness] = null }), c => c.State == "running");
            await ContainerJanitor.SweepOrphansAsync(engine);
            Assert.Empty(await engine.ListContainersAsync(new Dictionary<string, string?> { [HarnessLabels.Harness] = null }));
            Assert.Empty(await engine.ListVolumesAsync(new Dictionary<string, string?> { [HarnessLabels.Harness] = null }));
        }
        Directory.Delete(lossRun, recursive: true);
    }

    private static string RunDirectory(string output) => Path.Combine(RealQemuFixture.RepositoryRoot, Results().Match(output).Groups[1].Value);

    [GeneratedRegex(@"results: (\S+)")]
    private static partial Regex Results();
}
