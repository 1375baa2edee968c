using MigrationHarness.Containers;

namespace MigrationHarness.Tests.Containers;

public sealed class DockerEngineTests
{
    [Fact(Timeout = 15_000)]
    public async Task An_engine_that_does_not_answer_is_an_infrastructure_error_saying_what_to_do()
    {
        var endpoint = DockerEndpoint.UnixSocket(Path.Combine(Path.GetTempPath(), $"no-engine-{Guid.NewGuid():n}.sock"));

        var error = await Assert.ThrowsAsync<DockerEngineException>(() => DockerEngine.ConnectAsync(endpoint));

        Assert.IsAssignableFrom<InfrastructureException>(error);
        Assert.Contains("dockerd", error.Message);
    }

    [Fact]
    public void Docker_host_is_read_as_the_docker_cli_reads_it()
    {
        string[] names = ["DOCKER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH"];
        var previous = names.Select(Environment.GetEnvironmentVariable).ToArray();
        try
        {
            Environment.SetEnvironmentVariable("DOCKER_TLS_VERIFY", null);
            Environment.SetEnvironmentVariable("DOCKER_CERT_PATH", null);
            Environment.SetEnvironmentVariable("DOCKER_HOST", null);
            Assert.Equal(DockerEndpoint.DefaultSocketPath, DockerEndpoint.FromEnvironment().ToString());
            Environment.SetEnvironmentVariable("DOCKER_HOST", "unix:///tmp/x.sock");
            Assert.Equal("/tmp/x.sock", DockerEndpoint.FromEnvironment().ToString());
            Environment.SetEnvironmentVariable("DOCKER_HOST", "tcp://127.0.0.1:2375");
            Assert.Null(DockerEndpoint.FromEnvironment().TlsCertificateDirectory);
            Environment.SetEnvironmentVariable("DOCKER_CERT_PATH", "/etc/docker-certs");
            Assert.Equal("/etc/docker-certs", DockerEndpoint.FromEnvironment().TlsCertificateDirectory);

            Environment.SetEnvironmentVariable("DOCKER_HOST", "ssh://user@host");
            var error = Assert.Throws<BadInputException>(DockerEndpoint.FromEnvironment);
            Assert.Contains("unix://", error.Message);
        }
        finally
        {
            for (var i = 0; i < names.Length; i++) Environment.SetEnvironmentVariable(names[i], previous[i]);
        }
    }

    [Fact]
    public void Tls_certificates_that_cannot_be_read_are_bad_input()
    {
        var endpoint = new DockerEndpoint(new Uri("tcp://127.0.0.1:2376")) { TlsCertificateDirectory = "/nonexistent-certs" };

        var error = Assert.Throws<BadInputException>(() => endpoint.CreateClient(null));

        Assert.Contains("/nonexistent-certs", error.Message);
    }
}
