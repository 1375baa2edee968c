using MigrationHarness.Builds;
using MigrationHarness.Configs;
using MigrationHarness.Guest;
using MigrationHarness.Migration;
using MigrationHarness.Platform.Catalog;
using MigrationHarness.Qemu;
using MigrationHarness.Qmp;

namespace MigrationHarness.App.Bench;

/// <summary>
/// The two floors the harness is measured against: a bare migration (no guest, no checks) and the same
/// migration with the project's guest booted and its written memory read once per side.
/// </summary>
public static class BenchFloors
{
    /// <summary>The shortest path: start both QEMUs (as the harness does), QMP straight, migrate, wait for completion, quit. No checks.</summary>
    public static async Task BareMigrationAsync(ContainerPool pool, ReadyBuild source, ReadyBuild destination, VmConfig config, CancellationToken ct = default)
    {
        var slot = await pool.CreateSlotAsync("bare", source.Build, ct);
        if (await StartPairAsync(pool, source, destination, slot, QemuCommandLine.Render(config), QemuCommandLine.Render(config, RenderSide.Destination), ct) is not { } pair)
            return;
        var (s, d) = pair;
        await using (s)
        await using (d)
        {
            await MigrateAsync(s, d, slot, ct);
            await Task.WhenAll(s.QuitAsync(TimeSpan.FromSeconds(10), ct), d.QuitAsync(TimeSpan.FromSeconds(10), ct));
        }
        await pool.DeleteSlotAsync(slot);
    }

    /// <summary>
    /// The bare migration with the project's guest: the source boots it and the floor waits until it
    /// runs, migrates, and reads the pages the guest wrote once on each side. No checks, no evidence.
    /// </summary>
    public static async Task GuestFloorMigrationAsync(ContainerPool pool, ReadyBuild source, ReadyBuild destination, VmConfig config, CancellationToken ct = default)
    {
        var slot = await pool.CreateSlotAsync("guest-floor", source.Build, ct);
        var guest = GuestPlatforms.For(config.Architecture).FirmwareArguments(RunWorkspace.ContainerRoot);
        if (await StartPairAsync(pool, source, destination, slot, [.. QemuCommandLine.Render(config), .. guest],
                [.. QemuCommandLine.Render(config, RenderSide.Destination), .. guest], ct) is not { } pair)
            return;
        var (s, d) = pair;
        await using (s)
        await using (d)
        {
            try
            {
                var sourceGuest = new GuestInspector(s);
                await s.Qmp.ExecuteAsync("cont", cancellationToken: ct);
                if (await sourceGuest.WaitUntilReadyAsync(config.Smp.Cpus, TimeSpan.FromSeconds(30), ct))
                {
                    // Read once the guest runs, as the harness does: the guest sets them once before its loop.
                    var ranges = await sourceGuest.WrittenRangesAsync(ct);
                    await MigrateAsync(s, d, slot, ct);
                    await Task.WhenAll(sourceGuest.ReadManyAsync(ranges, ct), new GuestInspector(d).ReadManyAsync(ranges, ct));
                    await Task.WhenAll(s.QuitAsync(TimeSpan.FromSeconds(10), ct), d.QuitAsync(TimeSpan.FromSeconds(10), ct));
                }
            }
            catch (QmpException)
            {
                // A side that went away (a QEMU bug the harness would judge) ends this migration of the floor; its time still counts.
            }
        }
        await pool.DeleteSlotAsync(slot);
    }

    /// <summary>Both QEMUs started at once, the destination waiting for the incoming stream; null when either would not start (both then gone).</summary>
    private static async Task<(QemuInstance Source, QemuInstance Destination)?> StartPairAsync(ContainerPool pool, ReadyBuild source, ReadyBuild destination, string slot,
        IReadOnlyList<string> sourceArgs, IReadOnlyList<string> destinationArgs, CancellationToken ct)
    {
        var src = QemuInstance.StartAsync(await pool.GetAsync(source.Build, ct), "src", sourceArgs, slot, new QemuStartOptions(), ct);
        var dst = QemuInstance.StartAsync(await pool.GetAsync(destination.Build, ct), "dst", destinationArgs, slot, new QemuStartOptions(Paused: false, Incoming: true), ct);
        try
        {
            await Task.WhenAll(src, dst);
            return (src.Result, dst.Result);
        }
        catch (QemuStartException)
        {
            if (src.IsCompletedSuccessfully) await src.Result.DisposeAsync();
            if (dst.IsCompletedSuccessfully) await dst.Result.DisposeAsync();
            return null;
        }
    }

    /// <summary>Migrates over the slot's socket at full bandwidth and waits for it to complete or fail.</summary>
    private static async Task MigrateAsync(QemuInstance s, QemuInstance d, string slot, CancellationToken ct)
    {
        var uri = $"unix:{slot}/migrate.sock";
        var events = new { capabilities = new[] { new { capability = "events", state = true } } };
        await s.Qmp.ExecuteAsync("migrate-set-capabilities", events, cancellationToken: ct);
        await s.Qmp.ExecuteAsync("migrate-set-parameters", new Dictionary<string, object> { ["max-bandwidth"] = 16L << 30 }, cancellationToken: ct);
        await d.Qmp.ExecuteAsync("migrate-incoming", new { uri }, cancellationToken: ct);
        await s.Qmp.ExecuteAsync("migrate", new { uri }, cancellationToken: ct);
        await s.Qmp.WaitForEventAsync(e => e.Name == "MIGRATION" && e.DataString("status") is "completed" or "failed", TimeSpan.FromSeconds(60), "migration end", cancellationToken: ct);
    }

}
