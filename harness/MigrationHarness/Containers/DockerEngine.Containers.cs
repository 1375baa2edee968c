using Docker.DotNet.Models;

namespace MigrationHarness.Containers;

public sealed partial class DockerEngine
{
    /// <summary>Creates and starts a container; returns its id.</summary>
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
        var created = await CallAsync("create container", () => _client.Containers.CreateContainerAsync(parameters, cancellationToken));
        try
        {
            await CallAsync($"start container {created.ID[..12]}",
                () => _client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken));
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
