using MigrationHarness.Guest;
using MigrationHarness.Host;
using MigrationHarness.Configs;
using MigrationHarness.Builds;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Containers;
using MigrationHarness.Qemu;

namespace MigrationHarness.Tests.Infrastructure;

/// <summary>
/// The real thing: the Docker engine, the default builds' images (made by <c>mh builds build</c>,
/// which <c>.ci/run</c> does first) and a container pool for the test run. Disposing removes every
/// container the tests started.
/// </summary>
public sealed class RealQemuFixture : IAsyncLifetime
{
    public DockerEngine Docker { get; private set; } = null!;
    public BuildCatalog Catalog { get; private set; } = null!;
    public IReadOnlyList<ReadyBuild> Builds { get; private set; } = [];
    public HostFacts Host { get; private set; } = null!;
    public RunWorkspace Workspace { get; private set; } = null!;
    public ContainerPool Pool { get; private set; } = null!;
    public string RunId { get; } = "test-" + Guid.NewGuid().ToString("n")[..10];

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, BuildCatalog.DefaultFileName))) return dir.FullName;
            throw new InvalidOperationException("cannot find builds.yaml above the test binaries");
        }
    }

    public async ValueTask InitializeAsync()
    {
        Docker = await DockerEngine.ConnectAsync();
        Catalog = BuildCatalog.Load(Path.Combine(RepositoryRoot, BuildCatalog.DefaultFileName));
        Builds = await new BuildResolver(Docker, Path.Combine(RepositoryRoot, "results", "builds.lock.json")).ResolveAsync(Catalog.Builds);
        Host = await HostProbe.ReadAsync(Docker, Builds[0].Build.Image);
        Workspace = new RunWorkspace(RunId);
        Pool = new ContainerPool(Docker, Workspace, Host, GuestImage.File);
    }

    public ReadyBuild Build(string name) => Builds.Single(b => b.Name == name);

    /// <summary>
    /// The vCPUs a test that expects a running guest to migrate cleanly may use: with TCG, QEMU now
    /// and then loses pages that several vCPUs dirty while the guest migrates (README: found with
    /// TCG), so there such tests keep one vCPU; with KVM they get <paramref name="wanted"/>.
    /// </summary>
    public SmpTopology CleanRunningSmp(SmpTopology wanted) => Host.Accelerator == Accelerator.Tcg ? SmpTopology.Single : wanted;

    private readonly Dictionary<string, BuildCapabilities> _capabilities = [];

    /// <summary>The config space of some builds, from the same cached probe the harness uses.</summary>
    public async Task<ConfigSpace> SpaceAsync(params string[] builds)
    {
        var probe = new CapabilityProbe(Pool, Path.Combine(RepositoryRoot, "results", "capabilities"));
        async Task<BuildCapabilities> Get(string name)
        {
            if (!_capabilities.TryGetValue(name, out var found)) _capabilities[name] = found = await probe.GetAsync(Build(name));
            return found;
        }
        var capabilities = new List<BuildCapabilities>();
        foreach (var name in builds) capabilities.Add(await Get(name));
        var evidence = new List<BuildCapabilities>();
        foreach (var build in Builds) evidence.Add(await Get(build.Name));
        return new ConfigSpace(capabilities, GenerationLimits.ForHost(Host.MemoryMiB), evidence);
    }

    /// <summary>Containers of this test run still present in the engine.</summary>
    public async Task<IReadOnlyList<ContainerInfo>> RemainingContainersAsync(string? runId = null) =>
        await Docker.ListContainersAsync(new Dictionary<string, string?> { [HarnessLabels.Run] = runId ?? RunId });

    /// <summary>QEMU processes still alive in this run's containers (none should outlive a case).</summary>
    public async Task<IReadOnlyList<string>> RunningQemuAsync()
    {
        var running = new List<string>();
        foreach (var id in (await RemainingContainersAsync()).Where(c => c.State == "running").Select(c => c.Id))
        {
            var (_, stdout, _) = await Docker.ExecAsync(id, ["sh", "-c", "for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline 2>/dev/null; echo; done"]);
            running.AddRange(stdout.Split('\n').Where(l => l.Contains("qemu-system", StringComparison.Ordinal)));
        }
        return running;
    }

    public async ValueTask DisposeAsync()
    {
        await Pool.DisposeAsync();
        var left = await RemainingContainersAsync();
        var volumes = await Docker.ListVolumesAsync(new Dictionary<string, string?> { [HarnessLabels.Run] = RunId });
        Docker.Dispose();
        if (left.Count > 0) throw new InvalidOperationException($"{left.Count} harness container(s) of run {RunId} outlived the tests");
        if (volumes.Count > 0) throw new InvalidOperationException($"{volumes.Count} harness volume(s) of run {RunId} outlived the tests");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealQemuCollection : ICollectionFixture<RealQemuFixture>
{
    public const string Name = "real QEMU";
}
