using MigrationHarness.Campaign;
using MigrationHarness.Containers;
using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Containers;

/// <summary>How <c>--engine ADDRESS[,certs=DIR][,slots=N]</c> is read, and what a lost engine means for a campaign's result.</summary>
public sealed class EngineAddressTests
{
    [Fact]
    public void A_unix_socket_is_a_plain_engine_with_no_slots_of_its_own()
    {
        var engine = EngineAddress.Parse("unix:///var/run/docker.sock");

        Assert.Equal("/var/run/docker.sock", engine.Endpoint.ToString());
        Assert.Null(engine.Endpoint.TlsCertificateDirectory);
        Assert.Null(engine.Slots);
    }

    [Fact]
    public void A_tcp_engine_takes_its_own_certificate_directory_and_slots()
    {
        var engine = EngineAddress.Parse("tcp://10.0.0.2:2376,certs=/etc/mh/runner2,slots=6");

        Assert.Equal("tcp://10.0.0.2:2376/", engine.Endpoint.ToString());
        Assert.Equal("/etc/mh/runner2", engine.Endpoint.TlsCertificateDirectory);
        Assert.Equal(6, engine.Slots);
    }

    [Theory]
    [InlineData("http://host:2375", "neither a unix:// socket nor a tcp:// address")]
    [InlineData("tcp://host:2376,slots=0", "'slots=0' is not an engine option")]
    [InlineData("tcp://host:2376,slots=many", "'slots=many' is not an engine option")]
    [InlineData("tcp://host:2376,tls", "'tls' is not an engine option")]
    [InlineData("unix:///run/docker.sock,certs=/tmp/c", "certificates are for tcp:// engines")]
    public void Anything_else_is_bad_input_in_one_line(string text, string expected)
    {
        var error = Assert.Throws<BadInputException>(() => EngineAddress.Parse(text));

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_campaign_stops_only_when_its_last_engine_is_lost()
    {
        var failure = SampleRecords.Case(0, "infra-error") with { Reason = "the Docker engine stopped answering", Engine = "tcp://b:2376/" };

        var oneOfTwo = new CampaignResult([], [failure]) { LostEngines = ["tcp://b:2376/"], EngineCount = 2 };
        var both = new CampaignResult([], [failure]) { LostEngines = ["/var/run/docker.sock", "tcp://b:2376/"], EngineCount = 2 };
        var clean = new CampaignResult([SampleRecords.Case(1, "pass")], []) { EngineCount = 2 };

        Assert.Null(oneOfTwo.StoppedBy);
        Assert.Equal("the Docker engine stopped answering", both.StoppedBy);
        Assert.Null(clean.StoppedBy);
    }
}
