using System.Diagnostics;
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
    private Process? _daemon;

    private ScratchDockerEngine(string root) => _root = root;

    public string SocketPath => Path.Combine(_root, "docker.sock");
    public string DockerHost => "unix://" + SocketPath;

    public static async Task<ScratchDockerEngine> StartAsync(IEnumerable<string> images)
    {
        var engine = new ScratchDockerEngine(Path.Combine(Path.GetTempPath(), "mh-engine-" + Guid.NewGuid().ToString("n")[..8]));
        Directory.CreateDirectory(engine._root);
        await engine.StartDaemonAsync();
        // The images travel as docker save | docker load: ids stay the same, so the capability cache still applies.
        var load = await ProcessRunner.RunAsync("sh", ["-c", $"docker save {string.Join(' ', images)} | docker -H {engine.DockerHost} load"], TimeSpan.FromMinutes(3));
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
        using var docker = await DockerClient.ConnectAsync(new DockerEndpoint(SocketPath));
        return await docker.ListContainersAsync(new Dictionary<string, string?> { [HarnessLabels.Harness] = null });
    }

    private async Task StartDaemonAsync()
    {
        var info = new ProcessStartInfo("dockerd",
        [
            "--host", DockerHost, "--data-root", Path.Combine(_root, "data"), "--exec-root", Path.Combine(_root, "exec"),
            "--pidfile", Path.Combine(_root, "docker.pid"), "--bridge", "none", "--iptables=false", "--ip6tables=false",
        ]) { RedirectStandardOutput = true, RedirectStandardError = true };
        _daemon = Process.Start(info) ?? throw new InvalidOperationException("dockerd did not start (is it installed, and are the tests root?)");
        var log = Path.Combine(_root, "dockerd.log");
        _daemon.OutputDataReceived += (_, e) => Append(log, e.Data);
        _daemon.ErrorDataReceived += (_, e) => Append(log, e.Data);
        _daemon.BeginOutputReadLine();
        _daemon.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (_daemon.HasExited) throw new InvalidOperationException("the scratch dockerd exited: " + File.ReadAllText(log));
            try
            {
                using var docker = await DockerClient.ConnectAsync(new DockerEndpoint(SocketPath));
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
        await ProcessRunner.RunAsync("kill", ["-TERM", _daemon.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _daemon.WaitForExitAsync(cts.Token);
    }

    private static void Append(string log, string? line)
    {
        if (line is null) return;
        lock (typeof(ScratchDockerEngine)) File.AppendAllText(log, line + "\n");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var docker = await DockerClient.ConnectAsync(new DockerEndpoint(SocketPath));
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
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { await ProcessRunner.RunAsync("rm", ["-rf", _root], TimeSpan.FromMinutes(1)); }
    }
}
