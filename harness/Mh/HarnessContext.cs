using MigrationHarness.Builds;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Containers;
using MigrationHarness.Qemu;

namespace MigrationHarness.Cli;

/// <summary>What every command needs: the catalog, a Docker connection (after sweeping orphans), host facts.</summary>
public sealed class HarnessContext : IDisposable
{
    public required BuildCatalog Catalog { get; init; }
    public required DockerEngine Docker { get; init; }
    public required HostFacts Host { get; init; }
    public required string RepositoryRoot { get; init; }

    public string LockPath => Path.Combine(RepositoryRoot, "results", "builds.lock.json");
    public string ResultsRoot => Path.Combine(RepositoryRoot, "results");

    public static async Task<HarnessContext> CreateAsync(string? buildsFile, CancellationToken cancellationToken)
    {
        var path = BuildCatalog.Locate(buildsFile);
        var catalog = BuildCatalog.Load(path);
        var docker = await DockerEngine.ConnectAsync(cancellationToken: cancellationToken);
        await ContainerJanitor.SweepOrphansAsync(docker, cancellationToken);
        return new HarnessContext
        {
            Catalog = catalog,
            Docker = docker,
            Host = HostFacts.Read(),
            RepositoryRoot = Path.GetDirectoryName(path)!,
        };
    }

    public string CapabilitiesCache => Path.Combine(ResultsRoot, "capabilities");

    /// <summary>Capabilities of each build (probed once per image, then cached) and the space they share.</summary>
    public async Task<(IReadOnlyList<BuildCapabilities> Capabilities, ConfigSpace Space)> SpaceAsync(ContainerPool pool,
        IReadOnlyList<ReadyBuild> builds, CancellationToken cancellationToken)
    {
        var probe = new CapabilityProbe(pool, CapabilitiesCache);
        var capabilities = new List<BuildCapabilities>();
        foreach (var build in builds) capabilities.Add(await probe.GetAsync(build, cancellationToken));
        // Host facts come from every build this host has an image of (cached probes, so cheap).
        var evidence = new List<BuildCapabilities>(capabilities);
        foreach (var other in Catalog.Builds.Where(b => builds.All(r => r.Name != b.Name)))
        {
            try { evidence.AddRange(await probe.GetAsync((await ResolveAsync([other], cancellationToken))[0], cancellationToken)); }
            catch (BadInputException) { /* no image for that build: nothing to learn from it */ }
        }
        return (capabilities, new ConfigSpace(capabilities, GenerationLimits.ForHost(Host.MemoryMiB), evidence));
    }

    public async Task<IReadOnlyList<ReadyBuild>> ResolveAsync(IEnumerable<Build> builds, CancellationToken cancellationToken) =>
        await new BuildResolver(Docker, LockPath).ResolveAsync(builds, cancellationToken);

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
