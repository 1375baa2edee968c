using MigrationHarness.Containers;
using MigrationHarness.Tests.Cli;
using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Builds;

/// <summary>
/// Build images through a registry, as runners on other machines get them: a real registry
/// (Debian's docker-registry) on 127.0.0.1, <c>mh builds push</c> from the suite's engine and
/// <c>mh builds pull</c> into a second engine that has no image; the pulled image has the same id.
/// </summary>
[Collection(RealQemuCollection.Name)]
public sealed class RegistryTests(RealQemuFixture fixture)
{
    [Fact(Timeout = 300_000)]
    public async Task A_build_pushed_to_a_registry_and_pulled_by_another_engine_keeps_its_image_id()
    {
        var root = Path.Combine(Path.GetTempPath(), "mh-registry-" + Guid.NewGuid().ToString("n")[..8]);
        Directory.CreateDirectory(root);
        var port = ScratchDockerEngine.FreeLoopbackPort();
        var config = Path.Combine(root, "config.yml");
        await File.WriteAllTextAsync(config, $"version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: {root}/data\nhttp:\n  addr: 127.0.0.1:{port}\n");
        using var registry = new BackgroundCommand("docker-registry", ["serve", config]);
        var address = $"127.0.0.1:{port}";
        try
        {
            await WaitUntilServingAsync(registry, port);
            await using var scratch = await ScratchDockerEngine.StartAsync([]);

            using (var push = new MhProcess(["builds", "push", address, "qemu-7.2"]))
            {
                var exit = await push.WaitAsync(TimeSpan.FromMinutes(3));
                Assert.True(exit == 0, push.Output);
                Assert.Contains($"qemu-7.2: pushed {address}/mh-build:qemu-7.2", push.Output);
            }
            using (var pull = new MhProcess(new Dictionary<string, string> { ["DOCKER_HOST"] = scratch.DockerHost }, ["builds", "pull", address, "qemu-7.2"]))
            {
                var exit = await pull.WaitAsync(TimeSpan.FromMinutes(3));
                Assert.True(exit == 0, pull.Output);
            }
            using var engine = await DockerEngine.ConnectAsync(DockerEndpoint.UnixSocket(scratch.SocketPath));
            Assert.Equal(fixture.Build("qemu-7.2").Resolved.ImageId, (await engine.InspectImageAsync("mh-build:qemu-7.2"))?.Id);

            // A registry named wrongly is bad input, in one line.
            using var bad = new MhProcess(["builds", "push", "not a registry", "qemu-7.2"]);
            Assert.Equal(2, await bad.WaitAsync(TimeSpan.FromMinutes(1)));
            Assert.Contains("registry 'not a registry' is not HOST[:PORT][/PATH]", bad.Output);
        }
        finally
        {
            // Only the registry's name for the image goes; the build's own name stays.
            await fixture.Docker.RemoveImageAsync($"{address}/mh-build:qemu-7.2");
            Assert.NotNull(await fixture.Docker.InspectImageAsync("mh-build:qemu-7.2"));
            await registry.SignalAsync("TERM");
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task WaitUntilServingAsync(BackgroundCommand registry, int port)
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (registry.HasExited) throw new InvalidOperationException("docker-registry exited: " + registry.Output);
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/v2/")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("docker-registry does not serve /v2/: " + registry.Output);
            await Task.Delay(200);
        }
    }
}
