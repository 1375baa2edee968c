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
    /// <summary>The shortest path: exec both QEMUs, QMP straight, migrate, wait for completion, quit. No checks.</summary>
    public static async Task BareMigrationAsync(ContainerPool pool, ReadyBuild source, ReadyBuild destination, VmConfig config, CancellationToken ct = default)
    {
        var slot = await pool.CreateSlotAsync("bare", source.Build, ct);
        var src = QemuInstance.StartAsync(await pool.GetAsync(source.Build, ct), "src", QemuCommandLine.Render(config), slot, new QemuStartOptions(), ct);
        var dst = QemuInstance.StartAsync(await pool.GetAsync(destination.Build, ct), "dst", QemuCommandLine.Render(config, RenderSide.Destination), slot,
            new QemuStartOptions(Paused: false, Incoming: true), ct);
        try
        {
            await Task.WhenAll(src, dst);
        }
        catch (QemuStartException)
        {
            if (src.IsCompletedSuccessfully) await src.Result.DisposeAsync();
            if (dst.IsCompletedSuccessfully) await dst.Result.DisposeAsync();
            return;
        }
        await using var s = src.Result;
        await using var d = dst.Result;
        var uri = $"unix:{slot}/migrate.sock";
        var events = new { capabilities = new[] { new { capability = "events", state = true } } };
        await s.Qmp.ExecuteAsync("migrate-set-capabilities", events, cancellationToken: ct);
        await s.Qmp.ExecuteAsync("migrate-set-parameters", new Dictionary<string, object> { ["max-bandwidth"] = 16L << 30 }, cancellationToken: ct);
        await d.Qmp.ExecuteAsync("migrate-incoming", new { uri }, cancellationToken: ct);
        await s.Qmp.ExecuteAsync("migrate", new { uri }, cancellationToken: ct);
        await s.Qmp.WaitForEventAsync(e => e.Name == "MIGRATION" && e.DataString("status") is "completed" or "failed", TimeSpan.FromSeconds(60), "migration end", cancellationToken: ct);
        await Task.WhenAll(s.QuitAsync(TimeSpan.FromSeconds(10), ct), d.QuitAsync(TimeSpan.FromSeconds(10), ct));
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
        var src = QemuInstance.StartAsync(await pool.GetAsync(source.Build, ct), "src", [.. QemuCommandLine.Render(config), .. guest], slot, new QemuStartOptions(), ct);
        var dst = QemuInstance.StartAsync(await pool.GetAsync(destination.Build, ct), "dst", [.. QemuCommandLine.Render(config, RenderSide.Destination), .. guest], slot,
            new QemuStartOptions(Paused: false, Incoming: true), ct);
        try
        {
            await Task.WhenAll(src, dst);
        }
        catch (QemuStartException)
        {
            if (src.IsCompletedSuccessfully) await src.Result.DisposeAsync();
            if (dst.IsCompletedSuccessfully) await dst.Result.DisposeAsync();
            return;
        }
        await using var s = src.Result;
        await using var d = dst.Result;
        try
        {
            await GuestFloorStepsAsync(s, d, slot, config, ct);
        }
        catch (QmpException)
        {
            // A side that went away (a QEMU bug the harness would judge) ends this migration of the floor; its time still counts.
        }
        await pool.DeleteSlotAsync(slot);
    }

    private static async Task GuestFloorStepsAsync(QemuInstance s, QemuInstance d, string slot, VmConfig config, CancellationToken ct = default)
    {
        var sourceGuest = new GuestInspector(s);
        await s.Qmp.ExecuteAsync("cont", cancellationToken: ct);
        if (!await sourceGuest.WaitUntilReadyAsync(config.Smp.Cpus, TimeSpan.FromSeconds(30), ct)) return;
        var uri = $"unix:{slot}/migrate.sock";
        var events = new { capabilities = new[] { new { capability = "events", state = true } } };
        await s.Qmp.ExecuteAsync("migrate-set-capabilities", events, cancellationToken: ct);
        await s.Qmp.ExecuteAsync("migrate-set-parameters", new Dictionary<string, object> { ["max-bandwidth"] = 16L << 30 }, cancellationToken: ct);
        await d.Qmp.ExecuteAsync("migrate-incoming", new { uri }, cancellationToken: ct);
        await s.Qmp.ExecuteAsync("migrate", new { uri }, cancellationToken: ct);
        await s.Qmp.WaitForEventAsync(e => e.Name == "MIGRATION" && e.DataString("status") is "completed" or "failed", TimeSpan.FromSeconds(60), "migration end", cancellationToken: ct);
        var ranges = await sourceGuest.WrittenRangesAsync(ct);
        await Task.WhenAll(sourceGuest.ReadManyAsync(ranges, ct), new GuestInspector(d).ReadManyAsync(ranges, ct));
        await Task.WhenAll(s.QuitAsync(TimeSpan.FromSeconds(10), ct), d.QuitAsync(TimeSpan.FromSeconds(10), ct));
    }

}
