using MigrationHarness.Guest;
using MigrationHarness.Configs;
using MigrationHarness.Oracles;
using MigrationHarness.Qemu;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Model;

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
        var workspace = new RunWorkspace(fixture.RunId + "-loss-" + victim);
        await using var pool = new ContainerPool(fixture.Docker, workspace, fixture.Host, GuestImage.File);
        var runner = new CaseRunner(pool);
        var spec = new CaseSpec(VmConfig.Minimal("pc-q35-10.0", fixture.Host.Accelerator), new Forward(GuestMode.Running),
            [fixture.Build("qemu-10.0"), fixture.Build("qemu-11.1")]);

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
        var again = await runner.RunAsync(spec);
        Assert.True(again.Verdict == Verdict.Pass, again.Judgement.Reason);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_qemu_the_oom_killer_takes_is_infra_error_not_a_crash()
    {
        // A pool that believes the host has 2.5 GiB: its containers are limited to 2.25 GiB, and migrating a 3 GiB
        // guest makes both sides hold all of it, so the kernel kills one of them for the container's limit.
        var workspace = new RunWorkspace(fixture.RunId + "-oom");
        await using var pool = new ContainerPool(fixture.Docker, workspace, fixture.Host with { MemoryMiB = 2560 }, GuestImage.File);
        var config = VmConfig.Minimal("pc-q35-10.0", fixture.Host.Accelerator) with { Memory = MemoryLayout.Fixed(3072) };

        var outcome = await new CaseRunner(pool).RunAsync(new CaseSpec(config, new Forward(GuestMode.Paused), [fixture.Build("qemu-10.0"), fixture.Build("qemu-10.0")]));

        Assert.True(outcome.Verdict == Verdict.InfraError, outcome.Judgement.Reason);
        Assert.Contains("OOM killer", outcome.Judgement.Reason);
        Assert.Contains("apparent verdict (crash", outcome.Judgement.Reason);
    }

    [Fact(Timeout = 90_000)]
    public async Task Only_the_cases_own_containers_put_its_verdict_in_doubt()
    {
        // A pool of its own, with a container of a third build that is then stopped (as an engine restart would).
        var workspace = new RunWorkspace(fixture.RunId + "-own");
        await using var pool = new ContainerPool(fixture.Docker, workspace, fixture.Host, GuestImage.File);
        var other = await pool.GetAsync(fixture.Build("qemu-7.2").Build);
        await fixture.Docker.KillContainerAsync(other.ContainerId);
        IReadOnlyCollection<Build> ran = [fixture.Build("qemu-10.0").Build, fixture.Build("qemu-11.1").Build];
        foreach (var build in ran) await pool.GetAsync(build);

        // The engine reports the killed container as stopped once its process is reaped: a moment after the kill.
        for (var i = 0; i < 50 && (await fixture.Docker.InspectContainerAsync(other.ContainerId)).State?.Running == true; i++) await Task.Delay(200);

        Assert.Null(await pool.InfrastructureProblemAsync(ran));
        Assert.Contains("no longer running", await pool.InfrastructureProblemAsync([.. ran, fixture.Build("qemu-7.2").Build]));
    }
}
