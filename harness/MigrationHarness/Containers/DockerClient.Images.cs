using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace MigrationHarness.Containers;

public sealed partial class DockerClient
{
    /// <summary>Inspects a local image; null when the engine has no such image.</summary>
    public async Task<ImageInfo?> InspectImageAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            var node = await SendJsonAsync(HttpMethod.Get, $"images/{Uri.EscapeDataString(name)}/json", null, cancellationToken);
            return new ImageInfo(
                (string)node!["Id"]!,
                node["RepoTags"]?.AsArray().Select(t => (string)t!).ToArray() ?? [],
                DateTimeOffset.Parse((string)node["Created"]!, System.Globalization.CultureInfo.InvariantCulture),
                ReadLabels(node["Config"]?["Labels"]));
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
        var query = $"images/create?fromSrc=-&repo={Uri.EscapeDataString(repository)}&tag={Uri.EscapeDataString(tag)}";
        foreach (var (key, value) in labels)
            query += "&changes=" + Uri.EscapeDataString($"LABEL {key}=\"{value}\"");
        var content = new StreamContent(tarball);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        using var response = await SendAsync(HttpMethod.Post, query, null, cancellationToken, content);
        // The engine streams JSON progress objects; an "error" member is a failed import.
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        string? imageId = null;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var node = JsonNode.Parse(line);
            if (node?["error"] is { } error) throw new DockerEngineException($"Docker engine: image import failed: {error}");
            if (node?["status"]?.GetValue<string>() is { } status && status.StartsWith("sha256:", StringComparison.Ordinal)) imageId = status;
        }
        return imageId ?? (await InspectImageAsync($"{repository}:{tag}", cancellationToken))?.Id
            ?? throw new DockerEngineException($"Docker engine: import of {repository}:{tag} reported no image id.");
    }

    public async Task RemoveImageAsync(string name, CancellationToken cancellationToken = default)
    {
        using var _ = await SendAsync(HttpMethod.Delete, $"images/{Uri.EscapeDataString(name)}?force=true", null, cancellationToken);
    }

    private static IReadOnlyDictionary<string, string> ReadLabels(JsonNode? labels) =>
        labels is JsonObject obj
            ? obj.ToDictionary(p => p.Key, p => (string?)p.Value ?? "")
            : new Dictionary<string, string>();
}
