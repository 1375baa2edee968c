using MigrationHarness.Configs;
using MigrationHarness.Migration;
using MigrationHarness.Tests.Infrastructure;

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

        // Act
        var outcome = await new MigrationRunner(fixture.Pool).RunAsync(new MigrationRequest(source, destination, config));

        // Assert
        Assert.True(outcome.Succeeded, $"{outcome.Status}: {outcome.Error}\n{outcome.Source?.Stderr}\n{outcome.Destination?.Stderr}");
        Assert.Equal("running", outcome.DestinationStatusAfterCont);
        Assert.Equal("exit 0", outcome.Source!.Exit);
        Assert.Equal("exit 0", outcome.Destination!.Exit);
        Assert.Contains(outcome.Source.Events, e => e.Contains("\"completed\""));
        Assert.Contains(outcome.Destination.Events, e => e.StartsWith("RESUME", StringComparison.Ordinal));
        Assert.Equal(source.Resolved.QemuVersion, outcome.Source.QemuVersion);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_destination_that_lacks_the_machine_type_refuses_the_config_with_qemus_message()
    {
        var source = fixture.Build("qemu-10.0");
        var destination = fixture.Build("qemu-7.2");
        var config = VmConfig.Minimal("pc-q35-10.0", fixture.Host.Accelerator);

        var outcome = await new MigrationRunner(fixture.Pool).RunAsync(new MigrationRequest(source, destination, config));

        Assert.Equal(MigrationStatus.DestinationRefusedConfig, outcome.Status);
        Assert.Contains("unsupported machine type", outcome.Destination!.Stderr);
        Assert.Contains("pc-q35-10.0", string.Join(" ", outcome.Destination.Argv));
        Assert.Equal("exit 1", outcome.Destination.Exit);
    }
}
