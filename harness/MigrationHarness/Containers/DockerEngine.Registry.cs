using Docker.DotNet.Models;

namespace MigrationHarness.Containers;

public sealed partial class DockerEngine
{
    /// <summary>Gives an image a further name (<c>docker tag</c>).</summary>
    public Task TagImageAsync(string image, string repository, string tag, CancellationToken cancellationToken = default) =>
        CallAsync($"tag {image} as {repository}:{tag}", () => _client.Images.TagImageAsync(image,
            new ImageTagParameters { RepositoryName = repository, Tag = tag }, cancellationToken));

    /// <summary>Pushes <paramref name="repository"/>:<paramref name="tag"/> to the registry its name starts with.</summary>
    public async Task PushImageAsync(string repository, string tag, CancellationToken cancellationToken = default)
    {
        string? error = null;
        var progress = new InlineProgress<JSONMessage>(message => { if (message.Error?.Message is { Length: > 0 } failed) error = failed; });
        await CallAsync($"push {repository}:{tag}", () => _client.Images.PushImageAsync($"{repository}:{tag}", new ImagePushParameters { Tag = tag },
            new AuthConfig(), progress, cancellationToken));
        // The engine answers 200 and reports a failed push inside the progress stream.
        if (error is not null) throw new DockerEngineException($"Docker engine at {Endpoint}: push of {repository}:{tag} failed: {error}");
    }

    /// <summary>Pulls <paramref name="repository"/>:<paramref name="tag"/> from the registry its name starts with.</summary>
    public async Task PullImageAsync(string repository, string tag, CancellationToken cancellationToken = default)
    {
        string? error = null;
        var progress = new InlineProgress<JSONMessage>(message => { if (message.Error?.Message is { Length: > 0 } failed) error = failed; });
        await CallAsync($"pull {repository}:{tag}", () => _client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = repository, Tag = tag },
            new AuthConfig(), progress, cancellationToken));
        if (error is not null) throw new DockerEngineException($"Docker engine at {Endpoint}: pull of {repository}:{tag} failed: {error}");
    }
}
