using MigrationHarness.Containers;
using MigrationHarness.Qmp;
using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Containers;

/// <summary>
/// A Docker engine reached over TCP with TLS, as a remote host is (DOCKER_HOST=tcp://…,
/// DOCKER_CERT_PATH): a second, real dockerd of the test's own, on 127.0.0.1 with certificates the
/// test makes, holding an image shipped to it through the engines' APIs. QMP over an attached exec
/// is what every case needs from an engine, so that is what is driven through the TLS connection.
/// </summary>
[Collection(RealQemuCollection.Name)]
public sealed class RemoteEngineTests(RealQemuFixture fixture)
{
    [Fact(Timeout = 240_000)]
    public async Task Qmp_over_exec_works_through_an_engine_reached_over_tls_and_one_without_the_client_certificate_is_an_infrastructure_error()
    {
        await using var scratch = await ScratchDockerEngine.StartAsync(["mh-build:qemu-7.2"], tls: true);
        var endpoint = new DockerEndpoint(scratch.TcpAddress) { TlsCertificateDirectory = scratch.Tls!.ClientDirectory };

        using var engine = await DockerEngine.ConnectAsync(endpoint);
        // The image was shipped engine to engine by the API: the same content, so the same id.
        Assert.Equal((await fixture.Docker.InspectImageAsync("mh-build:qemu-7.2"))!.Id, (await engine.InspectImageAsync("mh-build:qemu-7.2"))?.Id);
        var id = await engine.RunContainerAsync(new ContainerSpec("mh-build:qemu-7.2", ["sleep", "infinity"],
            HarnessLabels.For("test-tls-" + Guid.NewGuid().ToString("n")[..6], "qemu-7.2")));
        string version;
        await using (var exec = await engine.StartExecAsync(id,
            ["qemu-system-x86_64", "-machine", "none", "-display", "none", "-nodefaults", "-no-user-config", "-qmp", "stdio"]))
        await using (var qmp = await QmpClient.ConnectAsync(new StdioQmpChannel(exec), "qemu over tls"))
        {
            var reply = await qmp.ExecuteAsync("query-version");
            version = $"{reply.GetProperty("qemu").GetProperty("major").GetInt32()}.{reply.GetProperty("qemu").GetProperty("minor").GetInt32()}";
        }
        await engine.RemoveContainerAsync(id);

        Assert.Equal("7.2", version);
        Assert.Empty(await engine.ListContainersAsync(new Dictionary<string, string?> { [HarnessLabels.Harness] = null }));
        // The same address without the client certificate: the engine refuses, and that is the infrastructure's fault.
        var refused = await Assert.ThrowsAsync<DockerEngineException>(() => DockerEngine.ConnectAsync(new DockerEndpoint(scratch.TcpAddress)));
        Assert.IsAssignableFrom<InfrastructureException>(refused);
        Assert.Contains(scratch.TcpAddress.ToString(), refused.Message);
        Assert.Contains("DOCKER_CERT_PATH", refused.Message);
    }
}
