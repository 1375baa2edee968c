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

    /// <summary>With TLS: the engine also listens on 127.0.0.1 over TCP and accepts only clients with these certificates.</summary>
    public TestCertificates? Tls { get; private init; }
    public int TcpPort { get; private init; }
    public Uri TcpAddress => new($"tcp://127.0.0.1:{TcpPort}");

    public static async Task<ScratchDockerEngine> StartAsync(IEnumerable<string> images, bool tls = false)
    {
        var root = Path.Combine(Path.GetTempPath(), "mh-engine-" + Guid.NewGuid().ToString("n")[..8]);
        Directory.CreateDirectory(root);
        var engine = new ScratchDockerEngine(root)
        {
            Tls = tls ? TestCertificates.Write(Path.Combine(root, "tls")) : null,
            TcpPort = tls ? FreeLoopbackPort() : 0,
        };
        await engine.StartDaemonAsync();
        // The images travel engine to engine (save, load): ids stay the same, so the capability cache still applies.
        using var source = await DockerEngine.ConnectAsync();
        using var target = await DockerEngine.ConnectAsync(DockerEndpoint.UnixSocket(engine.SocketPath));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await source.ShipImagesAsync([.. images], target, timeout.Token);
        return engine;
    }

    /// <summary>Stops the engine (which stops every container it runs) and starts it again, as an operator's restart does.</summary>
    public async Task RestartAsync()
    {
        await StopDaemonAsync();
        await StartDaemonAsync();
    }

    /// <summary>Stops the engine as an operator's stop does (SIGTERM: it stops every container it runs).</summary>
    public Task StopAsync() => StopDaemonAsync();

    /// <summary>Starts a stopped engine again, with its data root as it was left.</summary>
    public Task StartAgainAsync() => StartDaemonAsync();

    public async Task<IReadOnlyList<ContainerInfo>> HarnessContainersAsync()
    {
        using var docker = await DockerEngine.ConnectAsync(DockerEndpoint.UnixSocket(SocketPath));
        return await docker.ListContainersAsync(new Dictionary<string, string?> { [HarnessLabels.Harness] = null });
    }

    private async Task StartDaemonAsync()
    {
        _daemon?.Dispose();
        string[] tls = Tls is { } certificates
            ?
            [
                "--host", TcpAddress.ToString().TrimEnd('/'), "--tlsverify", "--tlscacert", certificates.CaFile,
                "--tlscert", certificates.ServerCertificateFile, "--tlskey", certificates.ServerKeyFile,
            ]
            : [];
        _daemon = new BackgroundCommand("dockerd",
        [
            "--host", DockerHost, "--data-root", Path.Combine(_root, "data"), "--exec-root", Path.Combine(_root, "exec"),
            "--pidfile", Path.Combine(_root, "docker.pid"), "--bridge", "none", "--iptables=false", "--ip6tables=false", .. tls,
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

    /// <summary>A TCP port on 127.0.0.1 nothing listens on right now.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
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
