using MigrationHarness.Configs;
using MigrationHarness.Migration;
using MigrationHarness.Oracles;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Model;

namespace MigrationHarness.Tests.Migration;

/// <summary>The default config migrated between every ordered pair of the four default builds, on real QEMU.</summary>
[Collection(RealQemuCollection.Name)]
public sealed class MigrationMatrixTests(RealQemuFixture fixture)
{
    public static TheoryData<string, string> OrderedPairs()
    {
        string[] builds = ["qemu-5.2", "qemu-7.2", "qemu-10.0", "qemu-11.1"];
        var data = new TheoryData<string, string>();
        foreach (var source in builds)
            foreach (var destination in builds)
                if (source != destination) data.Add(source, destination);
        return data;
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(OrderedPairs))]
    public async Task I_can_migrate_a_paused_vm_between_two_builds(string sourceName, string destinationName)
    {
        // Arrange: the newest versioned q35 machine type both builds know is the older build's own.
        var source = fixture.Build(sourceName);
        var destination = fixture.Build(destinationName);
        var older = source.Version <= destination.Version ? source : destination;
        var config = VmConfig.Minimal($"pc-q35-{older.Version.Major}.{older.Version.Minor}", fixture.Host.Accelerator);
        var forward = source.Version <= destination.Version;
        Scenario scenario = forward ? new Forward(GuestMode.Paused) : new Backward(GuestMode.Paused);

        // Act
        var outcome = await new CaseRunner(fixture.Pool).RunAsync(new CaseSpec(config, scenario, forward ? [source, destination] : [destination, source]));

        // Assert: completion, the destination ran after cont, and both QEMU processes exited.
        Assert.True(outcome.Verdict == Verdict.Pass, outcome.Judgement.Reason);
        var hop = Assert.Single(outcome.Observation.Hops);
        Assert.Equal((sourceName, destinationName), (hop.From, hop.To));
        Assert.Equal(MigrationStatus.Completed, hop.Status);
        Assert.Contains(hop.Destination!.Qmp, line => line.Contains("\"RESUME\""));
        Assert.Contains(hop.Destination.Qmp, line => line.Contains("\"status\":\"running\"") || line.Contains("\"status\": \"running\""));
        Assert.Equal("exit 0", hop.Source!.Exit);
        Assert.Empty(await fixture.RunningQemuAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_destination_that_lacks_the_machine_type_refuses_the_config_with_qemus_message()
    {
        var config = VmConfig.Minimal("pc-q35-10.0", fixture.Host.Accelerator);

        var outcome = await new CaseRunner(fixture.Pool).RunAsync(new CaseSpec(config, new Backward(GuestMode.Paused),
            [fixture.Build("qemu-7.2"), fixture.Build("qemu-10.0")]));

        Assert.Equal(Verdict.CleanReject, outcome.Verdict);
        Assert.Contains("refuses the source's config", outcome.Judgement.Reason);
        var hop = Assert.Single(outcome.Observation.Hops);
        Assert.Equal(MigrationStatus.DestinationRefusedConfig, hop.Status);
        Assert.Contains("unsupported machine type", hop.Destination!.Stderr);
        Assert.Equal("exit 1", hop.Destination.Exit);
        Assert.True(hop.SourceHealthyAfterFailure);
    }
}
