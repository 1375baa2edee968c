using System.Diagnostics;
using MigrationHarness.Builds;
using MigrationHarness.Configs;
using MigrationHarness.Qemu;

namespace MigrationHarness.Portability;

/// <summary>
/// Starts a config on a build (paused, with every memory device on the command line, the way a
/// migration destination gets it), checks QMP answers, and quits. Tells whether the command line is
/// accepted; it never migrates.
/// </summary>
public sealed class ConfigStartCheck(ContainerPool pool)
{
    public async Task<StartResult> StartAsync(ReadyBuild build, VmConfig config, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var container = await pool.GetAsync(build.Build, cancellationToken);
        var args = QemuCommandLine.Render(config, RenderSide.Destination);
        var slot = await pool.CreateSlotAsync("start", build.Build, cancellationToken);
        try
        {
            await using var qemu = await QemuInstance.StartAsync(container, "check", args, slot, new QemuStartOptions(), cancellationToken);
            await qemu.Qmp.ExecuteAsync("query-status", cancellationToken: cancellationToken);
            var exit = await qemu.QuitAsync(TimeSpan.FromSeconds(15), cancellationToken);
            return new StartResult(build.Name, true, null, exit?.ToString(), clock.Elapsed);
        }
        catch (QemuStartException ex)
        {
            return new StartResult(build.Name, false, StartResult.ErrorLine(ex.Stderr), ex.Exit?.ToString(), clock.Elapsed);
        }
        finally
        {
            await pool.DeleteSlotAsync(slot);
        }
    }

    /// <summary>Starts the config on both builds at once.</summary>
    public async Task<PortabilityResult> CompareAsync(ReadyBuild first, ReadyBuild second, VmConfig config, CancellationToken cancellationToken = default)
    {
        var a = StartAsync(first, config, cancellationToken);
        var b = StartAsync(second, config, cancellationToken);
        return new PortabilityResult(config, await a, await b);
    }
}
