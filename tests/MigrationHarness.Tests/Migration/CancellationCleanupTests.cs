using MigrationHarness.Guest;
using MigrationHarness.Configs;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Qemu;
using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Migration;

/// <summary>Nothing outlives a cancelled migration or case: not its QEMU processes, not its containers.</summary>
[Collection(RealQemuCollection.Name)]
public sealed class CancellationCleanupTests(RealQemuFixture fixture)
{
    [Theory(Timeout = 60_000)]
    [InlineData(50)]
    [InlineData(200)]
    [InlineData(350)]
    [InlineData(1500)]
    public async Task Cancelling_a_migration_midway_leaves_no_container_behind(int cancelAfterMs)
    {
        var runId = "test-cancel-" + Guid.NewGuid().ToString("n")[..8];
        var workspace = new RunWorkspace(runId);
        var source = fixture.Build("qemu-7.2");
        var destination = fixture.Build("qemu-10.0");
        var config = VmConfig.Minimal("pc-q35-7.2", fixture.Host.Accelerator);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(cancelAfterMs));

        await using (var pool = new ContainerPool(fixture.Docker, workspace, fixture.Host, GuestImage.File))
        {
            try
            {
                await new CaseRunner(pool).RunAsync(new CaseSpec(config, new Forward(GuestMode.Running), [source, destination]), cts.Token);
            }
            catch (OperationCanceledException)
            {
                // Expected when the cancellation lands before the migration ends.
            }
        }

        Assert.Empty(await fixture.RemainingContainersAsync(runId));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_case_cancelled_during_its_checks_leaves_no_qemu_running_in_containers_that_outlive_it()
    {
        // The pool's containers serve later cases, so a QEMU left in one (a destination whose QMP stdio closed keeps running) would outlive the case.
        var config = VmConfig.Minimal("pc-q35-7.2", fixture.Host.Accelerator);
        using var cts = new CancellationTokenSource();
        var spec = new CaseSpec(config, new Forward(GuestMode.Paused), [fixture.Build("qemu-7.2"), fixture.Build("qemu-10.0")])
        {
            Faults = new CaseFaults { BeforeDestinationCheck = _ => { cts.Cancel(); return Task.CompletedTask; } },
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new CaseRunner(fixture.Pool).RunAsync(spec, cts.Token));

        Assert.Empty(await fixture.RunningQemuAsync());
    }
}
