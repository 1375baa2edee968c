using MigrationHarness.Containers;
using MigrationHarness.Processes;

namespace MigrationHarness.Tests.Infrastructure;

/// <summary>
/// A second, real Docker engine for tests that must restart one: its own dockerd (and containerd)
/// with a private socket, data root and exec root, no bridge and no iptables, holding copies of
/// some build images. Restarting it cannot touch the containers of the machine's own engine.
/// Disposing removes its harness containers, stops it and deletes its state.
/// </summary>
public sealed class ScratchDockerEngine : IAsyncDisposable
{
    private readonly string _root;
    private BackgroundCommand? _daemon;

    private ScratchDockerEngine(string root) => _root = root;

    public string SocketPath => Path.Combine(_root, "docker.sock");
    public string DockerHost => "unix://" + SocketPath;

    public static async Task<ScratchDockerEngine> StartAsync(IEnumerable<string> images)
    {
        var engine = new ScratchDockerEngine(Path.Combine(Path.GetTempPath(), "mh-engine-" + Guid.NewGuid().ToString("n")[..8]));
        Directory.CreateDirectory(engine._root);
        await engine.StartDaemonAsync();
        // The images travel as docker save | docker load: ids stay the same, so the capability cache still applies.
        var load = await HostCommand.RunAsync("sh", ["-c", $"docker save {string.Join(' ', images)} | docker -H {engine.DockerHost} load"], TimeSpan.FromMinutes(3));
        if (!load.Succeeded) throw new InvalidOperationException("loading images into the scratch engine failed: " + load.StandardError);
        return engine;
    }

    /// <summary>Stops the engine (which stops every container it runs) and starts it again, as an operator's restart does.</summary>
    public async Task RestartAsync()
    {
        await StopDaemonAsync();
        await StartDaemonAsync();
    }

    public async Task<IReadOnlyList<ContainerInfo>> HarnessContainersAsync()
    {
        using var docker = await DockerEngine.ConnectAsync(DockerEndpoint.UnixSocket(SocketPath));
        return await docker.ListContainersAsync(new Dictionary<string, string?> { [HarnessLabels.Harness] = null });
    }

    private async Task StartDaemonAsync()
    {
        _daemon?.Dispose();
        _daemon = new BackgroundCommand("dockerd",
        [
            "--host", DockerHost, "--data-root", Path.Combine(_root, "data"), "--exec-root", Path.Combine(_root, "exec"),
            "--pidfile", Path.Combine(_root, "docker.pid"), "--bridge", "none", "--iptables=false", "--ip6tables=false",
        ]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (_daemon.HasExited) throw new InvalidOperationException("the scratch dockerd exited: " + _daemon.Output);
            try
            {
                using var docker = await DockerEngine.ConnectAsync(DockerEndpoint.UnixSocket(SocketPath));
                return;
            }
            catch (InfrastructureException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    private async Task StopDaemonAsync()
    {
        if (_daemon is null || _daemon.HasExited) return;
        await _daemon.SignalAsync("TERM");
        await _daemon.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var docker = await DockerEngine.ConnectAsync(DockerEndpoint.UnixSocket(SocketPath));
            foreach (var container in await docker.ListContainersAsync(new Dictionary<string, string?> { [HarnessLabels.Harness] = null }))
                await docker.RemoveContainerAsync(container.Id);
        }
        catch (InfrastructureException)
        {
        }
        await StopDaemonAsync();
        _daemon?.Dispose();
        // Images and layers of the scratch engine are large; its overlay mounts are gone once dockerd has stopped.
        try { Directory.Delete(_root, recursive: true); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { await HostCommand.RunAsync("rm", ["-rf", _root], TimeSpan.FromMinutes(1)); }
    }
}
