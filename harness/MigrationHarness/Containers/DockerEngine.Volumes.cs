using Docker.DotNet.Models;

namespace MigrationHarness.Containers;

public sealed partial class DockerEngine
{
    /// <summary>Creates a named volume on the engine carrying <paramref name="labels"/> (so clean-up finds it by label).</summary>
    public Task CreateVolumeAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken = default) =>
        CallAsync($"create volume {name}", () => _client.Volumes.CreateAsync(new VolumesCreateParameters
        {
            Name = name,
            Labels = labels.ToDictionary(),
        }, cancellationToken));

    /// <summary>Removes a volume; one already gone is not an error.</summary>
    public async Task RemoveVolumeAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            await CallAsync($"remove volume {name}", () => _client.Volumes.RemoveAsync(name, force: true, cancellationToken));
        }
        catch (DockerNotFoundException)
        {
        }
    }

    /// <summary>Names and labels of the volumes that carry every given label (a null value matches any value).</summary>
    public async Task<IReadOnlyList<(string Name, IReadOnlyDictionary<string, string> Labels)>> ListVolumesAsync(IReadOnlyDictionary<string, string?> labels,
        CancellationToken cancellationToken = default)
    {
        var response = await CallAsync("list volumes", () => _client.Volumes.ListAsync(new VolumesListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = labels.ToDictionary(l => l.Value is null ? l.Key : $"{l.Key}={l.Value}", _ => true),
            },
        }, cancellationToken));
        return (response.Volumes ?? []).Select(v => (v.Name, (IReadOnlyDictionary<string, string>)(v.Labels?.ToDictionary() ?? []))).ToArray();
    }
}
