using MigrationHarness.Builds;
using MigrationHarness.Configs;
using MigrationHarness.Qemu;
using MigrationHarness.Qmp;

namespace MigrationHarness.Results;

/// <summary>
/// Saves the migration stream a source produces for a config, for a reproducer: the source starts
/// paused with every memory device on its command line and migrates into a file through
/// <c>exec:</c> (which every build supports). A destination can then load it with
/// <c>-incoming "exec:cat FILE"</c>, without the source build.
/// </summary>
public static class StreamCapture
{
    public static async Task<long?> CaptureAsync(ContainerPool pool, ReadyBuild source, VmConfig config, string targetFile, CancellationToken cancellationToken = default)
    {
        var slot = await pool.CreateSlotAsync("stream", source.Build, cancellationToken);
        try
        {
            var container = await pool.GetAsync(source.Build, cancellationToken);
            await using var qemu = await QemuInstance.StartAsync(container, "stream", QemuCommandLine.Render(config, RenderSide.Destination), slot,
                new QemuStartOptions(), cancellationToken);
            await qemu.Qmp.ExecuteAsync("migrate-set-capabilities", new { capabilities = new[] { new { capability = "events", state = true } } }, cancellationToken: cancellationToken);
            await qemu.Qmp.ExecuteAsync("migrate", new { uri = $"exec:cat > {slot}/stream.bin" }, cancellationToken: cancellationToken);
            var end = await qemu.Qmp.WaitForEventAsync(e => e.Name == "MIGRATION" && e.DataString("status") is "completed" or "failed", TimeSpan.FromSeconds(60),
                "the end of the stream capture", cancellationToken: cancellationToken);
            await qemu.QuitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            if (end.DataString("status") != "completed") return null;
            var stream = await pool.Docker.ReadFileAsync(container.ContainerId, $"{slot}/stream.bin", cancellationToken);
            await File.WriteAllBytesAsync(targetFile, stream, cancellationToken);
            return stream.Length;
        }
        catch (Exception ex) when (ex is QemuStartException or QmpException or IOException)
        {
            return null;
        }
        finally
        {
            await pool.DeleteSlotAsync(slot);
        }
    }
}
