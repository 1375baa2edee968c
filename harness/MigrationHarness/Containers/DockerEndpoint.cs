using Docker.DotNet;
using Docker.DotNet.X509;

namespace MigrationHarness.Containers;

/// <summary>
/// Where the Docker engine listens, as the docker CLI reads it: <c>DOCKER_HOST</c> (<c>unix://</c> or
/// <c>tcp://</c>) when set, else the standard socket; for <c>tcp://</c>, <c>DOCKER_TLS_VERIFY</c> and
/// <c>DOCKER_CERT_PATH</c> select TLS with the client certificate in that directory.
/// </summary>
public sealed record DockerEndpoint(Uri Address)
{
    public const string DefaultSocketPath = "/var/run/docker.sock";

    /// <summary>The directory holding ca.pem, cert.pem and key.pem; null for a plain connection.</summary>
    public string? TlsCertificateDirectory { get; init; }

    public static DockerEndpoint UnixSocket(string path) => new(new Uri("unix://" + path));

    public static DockerEndpoint FromEnvironment()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        return string.IsNullOrWhiteSpace(host) ? UnixSocket(DefaultSocketPath) : Parse(host, "DOCKER_HOST", certificateDirectory: null);
    }

    /// <summary>
    /// An engine address as <c>DOCKER_HOST</c> spells it. A <c>tcp://</c> address uses TLS with the
    /// client certificates in <paramref name="certificateDirectory"/> when given, else as
    /// <c>DOCKER_TLS_VERIFY</c> and <c>DOCKER_CERT_PATH</c> say.
    /// </summary>
    /// <param name="what">How the user gave it, for the error (<c>DOCKER_HOST</c>, <c>--engine</c>).</param>
    public static DockerEndpoint Parse(string host, string what, string? certificateDirectory)
    {
        if (!Uri.TryCreate(host, UriKind.Absolute, out var address) || address.Scheme is not ("unix" or "tcp"))
            throw new BadInputException($"{what}='{host}' is neither a unix:// socket nor a tcp:// address; the harness speaks to a Docker engine over one of those.");
        if (address.Scheme == "unix")
        {
            if (certificateDirectory is not null) throw new BadInputException($"{what}='{host}': certificates are for tcp:// engines, not unix sockets.");
            return new DockerEndpoint(address);
        }
        if (certificateDirectory is not null) return new DockerEndpoint(address) { TlsCertificateDirectory = certificateDirectory };
        var verify = Environment.GetEnvironmentVariable("DOCKER_TLS_VERIFY") is { Length: > 0 } v && v != "0";
        var certPath = Environment.GetEnvironmentVariable("DOCKER_CERT_PATH");
        if (!verify && string.IsNullOrEmpty(certPath)) return new DockerEndpoint(address);
        var directory = string.IsNullOrEmpty(certPath)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker")
            : certPath;
        return new DockerEndpoint(address) { TlsCertificateDirectory = directory };
    }

    /// <summary>A library client for this endpoint, speaking <paramref name="apiVersion"/> (the engine's own when null).</summary>
    internal DockerClient CreateClient(Version? apiVersion)
    {
        // Exec streams and image imports run for minutes: the harness bounds them with its own timeouts.
        var builder = new DockerClientBuilder().WithEndpoint(Address).WithTimeout(Timeout.InfiniteTimeSpan);
        if (apiVersion is not null) builder = builder.WithApiVersion(apiVersion);
        if (TlsCertificateDirectory is { } directory)
        {
            try
            {
                builder = builder.WithAuthProvider(DockerTlsCertificates.LoadFromDirectory(directory).CreateCredentials());
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                throw new BadInputException($"the certificates for {this} in '{directory}': cannot load ca.pem, cert.pem and key.pem: {ex.Message}");
            }
        }
        return builder.Build();
    }

    public override string ToString() => Address.Scheme == "unix" ? Address.AbsolutePath : Address.ToString();
}
