using Docker.DotNet.Models;

namespace MigrationHarness.Containers;

public sealed partial class DockerEngine
{
    /// <summary>How long the engine may take to create and start a container (well under a second when idle) before the harness gives up on it.</summary>
    private static readonly TimeSpan CreateBound = TimeSpan.FromSeconds(60);

    /// <summary>Creates and starts a container; returns its id. A cancel takes effect once the container is made, which is then removed.</summary>
    public async Task<string> RunContainerAsync(ContainerSpec spec, CancellationToken cancellationToken = default)
    {
        var parameters = new CreateContainerParameters
        {
            Name = spec.Name,
            Image = spec.Image,
            Cmd = [.. spec.Command],
            Labels = spec.Labels.ToDictionary(),
            AttachStdout = false,
            AttachStderr = false,
            NetworkDisabled = spec.NetworkMode == "none",
            HostConfig = new HostConfig
            {
                NetworkMode = spec.NetworkMode,
                Binds = [.. spec.Binds],
                Devices = spec.PassKvm
                    ? [new DeviceMapping { PathOnHost = "/dev/kvm", PathInContainer = "/dev/kvm", CgroupPermissions = "rwm" }]
                    : [],
                CapDrop = ["ALL"],
                SecurityOpt = ["no-new-privileges"],
                Memory = spec.MemoryBytes,
                MemorySwap = spec.MemoryBytes,
                PidsLimit = spec.PidsLimit,
                ReadonlyRootfs = spec.ReadOnlyRoot,
                Tmpfs = new Dictionary<string, string> { ["/tmp"] = "rw,size=64m" },
                Init = false,
            },
        };
        // Neither request is cut off by the caller's token: an interrupt landing while the engine creates the container would
        // leave it made but unknown to the harness (left "created", it outlives the run). Each is bounded by its own time, and
        // a cancel is honoured once the container is known, by removing it.
        using var bound = new CancellationTokenSource(CreateBound);
        var created = await CallAsync("create container", () => _client.Containers.CreateContainerAsync(parameters, bound.Token));
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            await CallAsync($"start container {created.ID[..12]}",
                () => _client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), bound.Token));
            cancellationToken.ThrowIfCancellationRequested();
        }
        catch
        {
            await RemoveContainerAsync(created.ID, CancellationToken.None);
            throw;
        }
        return created.ID;
    }

    /// <summary>Force-removes a container (kills it first); a container already gone is not an error.</summary>
    public async Task RemoveContainerAsync(string id, CancellationToken cancellationToken = default)
    {
        try
        {
            await CallAsync($"remove container {Short(id)}", () => _client.Containers.RemoveContainerAsync(id,
                new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken));
        }
        catch (DockerNotFoundException)
        {
        }
        catch (DockerEngineException ex) when (ex.Status == System.Net.HttpStatusCode.Conflict)
        {
            // "removal already in progress": someone else (another clean-up path) is on it.
        }
    }

    public Task KillContainerAsync(string id, string signal = "KILL", CancellationToken cancellationToken = default) =>
        CallAsync($"kill container {Short(id)}", () => _client.Containers.KillContainerAsync(id,
            new ContainerKillParameters { Signal = signal }, cancellationToken));

    /// <summary>What the engine knows of a container: its state (running, OOM-killed) and how it was created.</summary>
    public Task<ContainerInspectResponse> InspectContainerAsync(string id, CancellationToken cancellationToken = default) =>
        CallAsync($"inspect container {Short(id)}", () => _client.Containers.InspectContainerAsync(id, cancellationToken));

    /// <summary>Lists containers (running or not) that carry every given label (a null value matches any value).</summary>
    public async Task<IReadOnlyList<ContainerInfo>> ListContainersAsync(IReadOnlyDictionary<string, string?> labels,
        CancellationToken cancellationToken = default)
    {
        var parameters = new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = labels.ToDictionary(l => l.Value is null ? l.Key : $"{l.Key}={l.Value}", _ => true),
            },
        };
        var containers = await CallAsync("list containers", () => _client.Containers.ListContainersAsync(parameters, cancellationToken));
        return containers.Select(c => new ContainerInfo(c.ID, c.Image, c.State,
            c.Labels?.ToDictionary() ?? new Dictionary<string, string>())).ToArray();
    }

    private static string Short(string id) => id.Length > 12 ? id[..12] : id;
}
