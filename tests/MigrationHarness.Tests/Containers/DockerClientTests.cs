using MigrationHarness.Containers;

namespace MigrationHarness.Tests.Containers;

public sealed class DockerClientTests
{
    [Fact(Timeout = 15_000)]
    public async Task An_engine_that_does_not_answer_is_an_infrastructure_error_saying_what_to_do()
    {
        var endpoint = new DockerEndpoint(Path.Combine(Path.GetTempPath(), $"no-engine-{Guid.NewGuid():n}.sock"));

        var error = await Assert.ThrowsAsync<DockerEngineException>(() => DockerClient.ConnectAsync(endpoint));

        Assert.IsAssignableFrom<InfrastructureException>(error);
        Assert.Contains("dockerd", error.Message);
    }

    [Fact]
    public void A_docker_host_that_is_not_a_unix_socket_is_bad_input()
    {
        var previous = Environment.GetEnvironmentVariable("DOCKER_HOST");
        try
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", "tcp://127.0.0.1:2375");
            var error = Assert.Throws<BadInputException>(DockerEndpoint.FromEnvironment);
            Assert.Contains("unix://", error.Message);
            Environment.SetEnvironmentVariable("DOCKER_HOST", "unix:///tmp/x.sock");
            Assert.Equal("/tmp/x.sock", DockerEndpoint.FromEnvironment().SocketPath);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", previous);
        }
    }
}
