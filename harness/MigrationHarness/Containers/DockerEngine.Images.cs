using Docker.DotNet.Models;

namespace MigrationHarness.Containers;

public sealed partial class DockerEngine
{
    /// <summary>Inspects a local image; null when the engine has no such image.</summary>
    public async Task<ImageInfo?> InspectImageAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            var image = await CallAsync($"inspect image {name}", () => _client.Images.InspectImageAsync(name, cancellationToken));
            return new ImageInfo(
                image.ID,
                image.RepoTags?.ToArray() ?? [],
                image.Created is { } created ? new DateTimeOffset(created, TimeSpan.Zero) : DateTimeOffset.MinValue,
                image.Config?.Labels?.ToDictionary() ?? new Dictionary<string, string>());
        }
        catch (DockerNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Imports a root filesystem tarball as an image (<c>docker import</c>): the tarball is streamed
    /// from <paramref name="tarball"/> straight into the engine, never written to disk.
    /// </summary>
    public async Task<string> ImportImageAsync(Stream tarball, string repository, string tag,
        IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken = default)
    {
        var parameters = new ImagesCreateParameters
        {
            FromSrc = "-",
            Repo = repository,
            Tag = tag,
            Changes = [.. labels.Select(l => $"LABEL {l.Key}=\"{l.Value}\"")],
        };
        // The engine streams progress messages; one with an error is a failed import, and the last
        // status naming a sha256 digest is the new image.
        string? imageId = null;
        string? error = null;
        var progress = new InlineProgress<JSONMessage>(message =>
        {
            if (message.Error?.Message is { Length: > 0 } failed) error = failed;
            if (message.Status is { } status && status.StartsWith("sha256:", StringComparison.Ordinal)) imageId = status;
        });
        await CallAsync($"import image {repository}:{tag}",
            () => _client.Images.CreateImageAsync(parameters, tarball, null, progress, cancellationToken));
        if (error is not null) throw new DockerEngineException($"Docker engine: image import failed: {error}");
        return imageId ?? (await InspectImageAsync($"{repository}:{tag}", cancellationToken))?.Id
            ?? throw new DockerEngineException($"Docker engine: import of {repository}:{tag} reported no image id.");
    }

    /// <summary>
    /// Copies images from this engine to <paramref name="target"/> through both engines' APIs
    /// (<c>docker save | docker load</c>, streamed, never on disk); image ids are content digests,
    /// so the copy is checked by the id each image has on the target.
    /// </summary>
    public async Task ShipImagesAsync(IReadOnlyList<string> names, DockerEngine target, CancellationToken cancellationToken = default)
    {
        if (names.Count == 0) return;
        var ids = new Dictionary<string, string>();
        foreach (var name in names)
            ids[name] = (await InspectImageAsync(name, cancellationToken))?.Id ?? throw new DockerNotFoundException($"Docker engine: no image {name} to ship.");
        await using var archive = await CallAsync($"save {string.Join(' ', names)}", () => _client.Images.SaveImagesAsync([.. names], cancellationToken));
        string? error = null;
        var progress = new InlineProgress<JSONMessage>(message => { if (message.Error?.Message is { Length: > 0 } failed) error = failed; });
        await CallAsync($"load into {target.Endpoint}: {string.Join(' ', names)}", () => target._client.Images.LoadImageAsync(new ImageLoadParameters { Quiet = true }, archive, progress, cancellationToken));
        if (error is not null) throw new DockerEngineException($"Docker engine at {target.Endpoint}: image load failed: {error}");
        foreach (var (name, id) in ids)
        {
            var shipped = await target.InspectImageAsync(name, cancellationToken);
            if (shipped?.Id != id)
                throw new DockerEngineException($"Docker engine at {target.Endpoint}: {name} arrived as {shipped?.Id ?? "nothing"}, not {id}.");
        }
    }

    public Task RemoveImageAsync(string name, CancellationToken cancellationToken = default) =>
        CallAsync($"remove image {name}", () => _client.Images.DeleteImageAsync(name, new ImageDeleteParameters { Force = true }, cancellationToken));

    /// <summary>
    /// Reports progress on the caller's thread, as the library delivers it: <see cref="Progress{T}"/>
    /// would post each message to the thread pool, so the last one could arrive after the import returned.
    /// </summary>
    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
