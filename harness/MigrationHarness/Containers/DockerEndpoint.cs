namespace MigrationHarness.Containers;

/// <summary>Where the Docker engine listens: <c>DOCKER_HOST=unix://…</c> when set, else the standard socket.</summary>
public sealed record DockerEndpoint(string SocketPath)
{
    public const string DefaultSocketPath = "/var/run/docker.sock";

    public static DockerEndpoint FromEnvironment()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrWhiteSpace(host)) return new DockerEndpoint(DefaultSocketPath);
        if (!host.StartsWith("unix://", StringComparison.Ordinal))
            throw new BadInputException($"DOCKER_HOST='{host}' is not a unix:// address; only a local engine socket is supported.");
        return new DockerEndpoint(host["unix://".Length..]);
    }
}
