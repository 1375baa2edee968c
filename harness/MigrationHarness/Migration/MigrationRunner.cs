using System.Diagnostics;
using System.Text.Json;
using MigrationHarness.Configs;
using MigrationHarness.Qemu;
using MigrationHarness.Qmp;

namespace MigrationHarness.Migration;

/// <summary>
/// Runs one live migration between two builds: source started paused, destination waiting with
/// <c>-incoming defer</c>, stream over a unix socket on the shared volume, completion awaited through
/// <c>MIGRATION</c> events, then <c>cont</c> on the destination and a check that it runs.
/// Infrastructure failures propagate as <see cref="InfrastructureException"/>; everything QEMU does
/// becomes a <see cref="MigrationOutcome"/>.
/// </summary>
public sealed class MigrationRunner(ContainerPool pool)
{
    public async Task<MigrationOutcome> RunAsync(MigrationRequest request, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var (sourceContainer, destinationContainer) = (pool.GetAsync(request.Source.Build, cancellationToken), pool.GetAsync(request.Destination.Build, cancellationToken));
        await Task.WhenAll(sourceContainer, destinationContainer);
        var containers = clock.Elapsed;
        var slot = pool.Workspace.NewSlot("case");

        var sourceArgs = QemuCommandLine.Render(request.Config, request.Source.Version, RenderSide.Source);
        var destinationArgs = QemuCommandLine.Render(request.Config, request.Destination.Version, RenderSide.Destination);
        var startOptions = new QemuStartOptions { StartTimeout = request.StartTimeout };

        // Both sides start at once: the destination does not need the source to exist yet.
        var sourceTask = QemuInstance.StartAsync(sourceContainer.Result, "source", sourceArgs, slot, startOptions, cancellationToken);
        var destinationTask = QemuInstance.StartAsync(destinationContainer.Result, "destination", destinationArgs, slot,
            startOptions with { Paused = false, Incoming = true }, cancellationToken);
        try { await Task.WhenAll(sourceTask, destinationTask); }
        catch (Exception) { /* each task is examined below */ }
        var started = clock.Elapsed - containers;

        await using var source = sourceTask.IsCompletedSuccessfully ? sourceTask.Result : null;
        await using var destination = destinationTask.IsCompletedSuccessfully ? destinationTask.Result : null;
        var timings = PhaseTimings.Zero with
        {
            Containers = containers,
            QemuStart = started,
            SourceStart = source?.StartDuration ?? started,
            DestinationStart = destination?.StartDuration ?? started,
        };

        // A cancellation during start: the instances that did start are disposed (killed) on the way out.
        cancellationToken.ThrowIfCancellationRequested();
        if (sourceTask.Exception?.InnerException is { } sourceError)
            return Refused(MigrationStatus.SourceRefusedConfig, sourceError, request, sourceArgs, destination, timings);
        if (destinationTask.Exception?.InnerException is { } destinationError)
            return Refused(MigrationStatus.DestinationRefusedConfig, destinationError, request, destinationArgs, source, timings);
        if (source is null || destination is null)
            throw new InfrastructureException("a QEMU start was cancelled by something other than the caller (an engine request timed out?).");

        var phase = Stopwatch.StartNew();
        var (status, error, statusAfterCont, migrateTime) = await MigrateAndCheckAsync(source!, destination!, slot.ContainerPath, request, cancellationToken);
        var migrateAndChecks = phase.Elapsed;

        phase.Restart();
        await Task.WhenAll(source!.QuitAsync(request.CommandTimeout, cancellationToken), destination!.QuitAsync(request.CommandTimeout, cancellationToken));
        timings = timings with { Migrate = migrateTime, Checks = migrateAndChecks - migrateTime, Teardown = phase.Elapsed };
        return new MigrationOutcome(status, error, await ReportAsync(source, request.Source), await ReportAsync(destination, request.Destination),
            timings, statusAfterCont);
    }

    private static async Task<(MigrationStatus, string?, string?, TimeSpan)> MigrateAndCheckAsync(QemuInstance source, QemuInstance destination,
        string slotPath, MigrationRequest request, CancellationToken cancellationToken)
    {
        var uri = $"unix:{slotPath}/migrate.sock";
        var migrate = Stopwatch.StartNew();
        TimeSpan? migrated = null;
        TimeSpan Migrated() => migrated ?? migrate.Elapsed;
        try
        {
            var events = new { capabilities = new[] { new { capability = "events", state = true } } };
            await Task.WhenAll(
                source.Qmp.ExecuteAsync("migrate-set-capabilities", events, request.CommandTimeout, cancellationToken),
                destination.Qmp.ExecuteAsync("migrate-set-capabilities", events, request.CommandTimeout, cancellationToken));
            await destination.Qmp.ExecuteAsync("migrate-incoming", new { uri }, request.CommandTimeout, cancellationToken);
            await source.Qmp.ExecuteAsync("migrate", new { uri }, request.CommandTimeout, cancellationToken);

            var sourceEnd = await source.Qmp.WaitForEventAsync(IsMigrationEnd, request.MigrationTimeout, "the end of the outgoing migration", cancellationToken);
            if (sourceEnd.DataString("status") != "completed")
                return (MigrationStatus.MigrationFailed, await MigrationErrorAsync(source, request, cancellationToken), null, Migrated());

            // The destination ends its side by an event, or by exiting when it cannot load the stream.
            var destinationEnd = destination.Qmp.WaitForEventAsync(IsMigrationEnd, request.MigrationTimeout, "the end of the incoming migration", cancellationToken);
            try
            {
                var end = await destinationEnd;
                if (end.DataString("status") != "completed")
                    return (MigrationStatus.MigrationFailed, "destination: incoming migration " + end.DataString("status") + ": " + LastError(destination.Stderr), null, Migrated());
            }
            catch (QmpDisconnectedException)
            {
                return (MigrationStatus.MigrationFailed, "destination exited while loading the stream: " + LastError(destination.Stderr), null, Migrated());
            }
            migrated = migrate.Elapsed;

            var before = await QueryStatusAsync(destination, request, cancellationToken);
            await destination.Qmp.ExecuteAsync("cont", null, request.CommandTimeout, cancellationToken);
            await destination.Qmp.WaitForEventAsync(e => e.Name == "RESUME", request.CommandTimeout, "RESUME after cont", cancellationToken);
            var after = await QueryStatusAsync(destination, request, cancellationToken);
            return after == "running"
                ? (MigrationStatus.Completed, null, after, Migrated())
                : (MigrationStatus.DestinationNotRunning, $"destination status after cont is '{after}' (before: '{before}')", after, Migrated());
        }
        catch (QmpCommandException ex)
        {
            return (MigrationStatus.MigrationFailed, ex.Message, null, Migrated());
        }
        catch (QmpTimeoutException ex)
        {
            return (MigrationStatus.TimedOut, ex.Message, null, Migrated());
        }
        catch (QmpDisconnectedException ex)
        {
            var who = source.HasExited ? source : destination;
            var exit = await who.WaitForExitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return (MigrationStatus.ProcessDied, $"{who.Role} QEMU went away ({exit?.ToString() ?? "still running"}): {ex.Message} {LastError(who.Stderr)}".Trim(), null, Migrated());
        }
    }

    private static bool IsMigrationEnd(QmpEvent e) =>
        e.Name == "MIGRATION" && e.DataString("status") is "completed" or "failed" or "cancelled";

    private static async Task<string> QueryStatusAsync(QemuInstance instance, MigrationRequest request, CancellationToken cancellationToken)
    {
        var status = await instance.Qmp.ExecuteAsync("query-status", null, request.CommandTimeout, cancellationToken);
        return status.GetProperty("status").GetString() ?? "";
    }

    private static async Task<string> MigrationErrorAsync(QemuInstance source, MigrationRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var info = await source.Qmp.ExecuteAsync("query-migrate", null, request.CommandTimeout, cancellationToken);
            return info.TryGetProperty("error-desc", out var desc) && desc.ValueKind == JsonValueKind.String ? "source: " + desc.GetString() : "source: migration failed";
        }
        catch (QmpException ex)
        {
            return "source: migration failed; query-migrate: " + ex.Message;
        }
    }

    private static string LastError(string stderr) =>
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => !l.Contains("warning:", StringComparison.Ordinal)) ?? "";

    private static MigrationOutcome Refused(MigrationStatus status, Exception error, MigrationRequest request, IReadOnlyList<string> args,
        QemuInstance? other, PhaseTimings timings)
    {
        if (error is not QemuStartException start) throw error is HarnessException ? error : new InfrastructureException(error.Message, error);
        var refusedSide = new QemuSideReport(start.Build, status == MigrationStatus.SourceRefusedConfig ? request.Source.Resolved.QemuVersion : request.Destination.Resolved.QemuVersion,
            start.Argv, [], [], start.Stderr, start.Exit?.ToString());
        var otherSide = other is null ? null
            : new QemuSideReport(other.BuildName, "", other.Argv, other.Qmp.Transcript.Select(t => t.ToString()).ToArray(), [], other.Stderr, null);
        return status == MigrationStatus.SourceRefusedConfig
            ? new MigrationOutcome(status, start.Message, refusedSide, otherSide, timings, null)
            : new MigrationOutcome(status, start.Message, otherSide, refusedSide, timings, null);
    }

    private static async Task<QemuSideReport> ReportAsync(QemuInstance instance, Builds.ReadyBuild build)
    {
        var exit = await instance.WaitForExitAsync(TimeSpan.Zero);
        return new QemuSideReport(build.Name, build.Resolved.QemuVersion, instance.Argv,
            instance.Qmp.Transcript.Select(t => t.ToString()).ToArray(), instance.Qmp.Events.Select(e => e.ToString()).ToArray(),
            instance.Stderr, exit?.ToString());
    }
}
