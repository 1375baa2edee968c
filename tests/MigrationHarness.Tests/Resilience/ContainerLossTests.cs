using MigrationHarness.Configs;
using MigrationHarness.Oracles;
using MigrationHarness.Qemu;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Resilience;

/// <summary>
/// A build's container killed under a running migration (what an engine restart or an OOM kill does):
/// QEMU dies with it, and that must read as an infrastructure failure, never as a QEMU crash.
/// </summary>
[Collection(RealQemuCollection.Name)]
public sealed class ContainerLossTests(RealQemuFixture fixture)
{
    [Theory(Timeout = 90_000)]
    [InlineData("source")]
    [InlineData("destination")]
    public async Task A_container_killed_mid_migration_is_infra_error_and_the_next_case_gets_a_fresh_container(string victim)
    {
        // A pool of its own: the fixture's containers are not the ones to kill.
        using var workspace = new RunWorkspace(fixture.RunId + "-loss-" + victim);
        await using var pool = new ContainerPool(fixture.Docker, workspace, fixture.Host);
        var runner = new CaseRunner(pool);
        var spec = new CaseSpec(VmConfig.Minimal("pc-q35-7.2", fixture.Host.Accelerator), new Forward(GuestMode.Running),
            [fixture.Build("qemu-7.2"), fixture.Build("qemu-10.0")]);

        var outcome = await runner.RunAsync(spec with
        {
            Faults = new CaseFaults
            {
                MaxBandwidth = 1024 * 1024,
                DuringMigration = (source, destination) => fixture.Docker.KillContainerAsync((victim == "source" ? source : destination).Container.ContainerId),
            },
        });

        Assert.Equal(Verdict.InfraError, outcome.Verdict);
        Assert.Contains("no longer running", outcome.Judgement.Reason);
        Assert.Contains("apparent verdict", outcome.Judgement.Reason);
        var again = await runner.RunAsync(spec);
        Assert.Equal(Verdict.Pass, again.Verdict);
    }
}
