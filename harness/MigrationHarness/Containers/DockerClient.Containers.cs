using System.Text.Json;
using System.Text.Json.Nodes;

namespace MigrationHarness.Containers;

public sealed partial class DockerClient
{
    /// <summary>Creates and starts a container; returns its id.</summary>
    public async Task<string> RunContainerAsync(ContainerSpec spec, CancellationToken cancellationToken = default)
    {
        var devices = spec.PassKvm
            ? new[] { new { PathOnHost = "/dev/kvm", PathInContainer = "/dev/kvm", CgroupPermissions = "rwm" } }
            : [];
        var body = new
        {
            Image = spec.Image,
            Cmd = spec.Command,
            Labels = spec.Labels,
            AttachStdout = false,
            AttachStderr = false,
            NetworkDisabled = spec.NetworkMode == "none",
            HostConfig = new
            {
                NetworkMode = spec.NetworkMode,
                Binds = spec.Binds,
                Devices = devices,
                CapDrop = new[] { "ALL" },
                SecurityOpt = new[] { "no-new-privileges" },
                Memory = spec.MemoryBytes,
                MemorySwap = spec.MemoryBytes,
                PidsLimit = spec.PidsLimit,
                ReadonlyRootfs = spec.ReadOnlyRoot,
                Tmpfs = new Dictionary<string, string> { ["/tmp"] = "rw,size=64m" },
                Init = false,
            },
        };
        var name = spec.Name is null ? "" : "?name=" + Uri.EscapeDataString(spec.Name);
        var created = await SendJsonAsync(HttpMethod.Post, "containers/create" + name, body, cancellationToken);
        var id = (string)created!["Id"]!;
        try
        {
            using var _ = await SendAsync(HttpMethod.Post, $"containers/{id}/start", null, cancellationToken);
        }
        catch
        {
            await RemoveContainerAsync(id, CancellationToken.None);
            throw;
        }
        return id;
    }

    /// <summary>Force-removes a container (kills it first); a container already gone is not an error.</summary>
    public async Task RemoveContainerAsync(string id, CancellationToken cancellationToken = default)
    {
        try
        {
            using var _ = await SendAsync(HttpMethod.Delete, $"containers/{id}?force=true&v=true", null, cancellationToken);
        }
        catch (DockerNotFoundException)
        {
        }
        catch (DockerEngineException ex) when (ex.Status == System.Net.HttpStatusCode.Conflict)
        {
            // "removal already in progress": someone else (another clean-up path) is on it.
        }
    }

    public async Task KillContainerAsync(string id, string signal = "KILL", CancellationToken cancellationToken = default)
    {
        using var _ = await SendAsync(HttpMethod.Post, $"containers/{id}/kill?signal={signal}", null, cancellationToken);
    }

    /// <summary>Waits for a container to stop; returns its exit code.</summary>
    public async Task<int> WaitContainerAsync(string id, CancellationToken cancellationToken = default)
    {
        var node = await SendJsonAsync(HttpMethod.Post, $"containers/{id}/wait", null, cancellationToken);
        return (int)node!["StatusCode"]!;
    }

    public async Task<string> GetLogsAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, $"containers/{id}/logs?stdout=1&stderr=1", null, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var (stdout, stderr) = await MultiplexedStream.ReadAllAsync(stream, cancellationToken);
        return stdout + stderr;
    }

    /// <summary>The raw inspect document of a container (for tests that check how it is hardened).</summary>
    public async Task<JsonNode> InspectContainerAsync(string id, CancellationToken cancellationToken = default) =>
        (await SendJsonAsync(HttpMethod.Get, $"containers/{id}/json", null, cancellationToken))!;

    /// <summary>Lists containers (running or not) that carry every given label.</summary>
    public async Task<IReadOnlyList<ContainerInfo>> ListContainersAsync(IReadOnlyDictionary<string, string?> labels,
        CancellationToken cancellationToken = default)
    {
        var filter = JsonSerializer.Serialize(new Dictionary<string, string[]>
        {
            ["label"] = labels.Select(l => l.Value is null ? l.Key : $"{l.Key}={l.Value}").ToArray(),
        });
        var node = await SendJsonAsync(HttpMethod.Get, "containers/json?all=1&filters=" + Uri.EscapeDataString(filter), null, cancellationToken);
        return node!.AsArray().Select(c => new ContainerInfo(
            (string)c!["Id"]!, (string)c["Image"]!, (string)c["State"]!, ReadLabels(c["Labels"]))).ToArray();
    }
}
