using MigrationHarness.Configs;
using MigrationHarness.Platform.Catalog;
using MigrationHarness.Host;
using MigrationHarness.Builds;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Containers;
using MigrationHarness.Qemu;
using MigrationHarness.Model;

namespace MigrationHarness.App;

/// <summary>
/// The session every command opens: the catalog, a Docker connection (after sweeping orphans), and the
/// facts of the engine's host, probed through the engine with the first build image it holds.
/// </summary>
public sealed class HarnessSession : IDisposable
{
    private HostFacts? _host;

    public required BuildCatalog Catalog { get; init; }
    public required DockerEngine Docker { get; init; }
    public required string RepositoryRoot { get; init; }

    /// <summary>The engine host's facts; known once a build was resolved or a pool made (<see cref="ProbeHostAsync"/>).</summary>
    public HostFacts Host => _host ?? throw new InvalidOperationException("host facts are probed when the first build is resolved or pool made");

    /// <summary>Probes the engine's host once, in a container of the first build image the engine holds.</summary>
    public async Task<HostFacts> ProbeHostAsync(CancellationToken cancellationToken)
    {
        if (_host is not null) return _host;
        foreach (var build in Catalog.Builds)
            if (await Docker.InspectImageAsync(build.Image, cancellationToken) is not null)
                return _host = await HostProbe.ReadAsync(Docker, build.Image, cancellationToken, CapabilitiesCache);
        throw new BadInputException($"the Docker engine at {Docker.Endpoint} holds no build image yet; run 'mh builds build' first.");
    }

    /// <summary>A container pool on the engine for <paramref name="workspace"/>, with the engine's host facts and the guest of <paramref name="architecture"/> (x86_64 unless named).</summary>
    public async Task<ContainerPool> NewPoolAsync(RunWorkspace workspace, CancellationToken cancellationToken, GuestArchitecture? architecture = null) =>
        new(Docker, workspace, await ProbeHostAsync(cancellationToken), GuestPlatforms.For(architecture ?? GuestArchitecture.X86_64).Firmware);

    public string LockPath => Path.Combine(RepositoryRoot, "results", "builds.lock.json");
    public string ResultsRoot => Path.Combine(RepositoryRoot, "results");

    /// <param name="engine">The engine to use; <c>DOCKER_HOST</c>'s (or the standard socket) when null.</param>
    public static async Task<HarnessSession> CreateAsync(string? buildsFile, CancellationToken cancellationToken, DockerEndpoint? engine = null)
    {
        var path = BuildCatalog.Locate(buildsFile);
        var catalog = BuildCatalog.Load(path);
        var docker = await DockerEngine.ConnectAsync(engine, cancellationToken);
        await ContainerJanitor.SweepOrphansAsync(docker, cancellationToken);
        return new HarnessSession
        {
            Catalog = catalog,
            Docker = docker,
            RepositoryRoot = Path.GetDirectoryName(path)!,
        };
    }

    public string CapabilitiesCache => Path.Combine(ResultsRoot, "capabilities");

    /// <summary>Capabilities of each build, probed once per image and accelerator, then cached.</summary>
    public async Task<IReadOnlyList<BuildCapabilities>> CapabilitiesAsync(ContainerPool pool, IReadOnlyList<ReadyBuild> builds,
        CancellationToken cancellationToken, Configs.Accelerator? accelerator = null)
    {
        var probe = new CapabilityProbe(pool, CapabilitiesCache);
        var capabilities = new List<BuildCapabilities>();
        foreach (var build in builds) capabilities.Add(await probe.GetAsync(build, cancellationToken, accelerator));
        return capabilities;
    }

    /// <summary>Capabilities of each build (probed once per image, then cached) and the space they share.</summary>
    public async Task<(IReadOnlyList<BuildCapabilities> Capabilities, ConfigSpace Space)> SpaceAsync(ContainerPool pool,
        IReadOnlyList<ReadyBuild> builds, CancellationToken cancellationToken, Configs.Accelerator? accelerator = null)
    {
        var probe = new CapabilityProbe(pool, CapabilitiesCache);
        var capabilities = await CapabilitiesAsync(pool, builds, cancellationToken, accelerator);
        // Host facts come from every build this host has an image of (cached probes, so cheap).
        var evidence = new List<BuildCapabilities>(capabilities);
        foreach (var other in Catalog.Builds.Where(b => builds.All(r => r.Name != b.Name)))
        {
            try { evidence.AddRange(await probe.GetAsync((await ResolveAsync([other], cancellationToken))[0], cancellationToken, accelerator)); }
            catch (BadInputException) { /* no image for that build: nothing to learn from it */ }
        }
        return (capabilities, new ConfigSpace(capabilities, GenerationLimits.ForHost(Host.MemoryMiB), evidence));
    }

    public async Task<IReadOnlyList<ReadyBuild>> ResolveAsync(IEnumerable<Build> builds, CancellationToken cancellationToken)
    {
        var ready = await new BuildResolver(Docker, LockPath).ResolveAsync(builds, cancellationToken);
        if (_host is null && ready.Count > 0) _host = await HostProbe.ReadAsync(Docker, ready[0].Build.Image, cancellationToken, CapabilitiesCache);
        return ready;
    }

    /// <summary>A new run: its id and its directory under results/ (created).</summary>
    public (string RunId, string Directory) NewRun()
    {
        var runId = NewRunId();
        var directory = Path.Combine(ResultsRoot, runId);
        System.IO.Directory.CreateDirectory(directory);
        return (runId, directory);
    }

    public static string NewRunId() => DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("n")[..6];

    public void Dispose() => Docker.Dispose();
}
