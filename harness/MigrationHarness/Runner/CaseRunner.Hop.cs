using MigrationHarness.Platform.Catalog;
using System.Diagnostics;
using System.Text.Json;
using MigrationHarness.Abi;
using MigrationHarness.Checks;
using MigrationHarness.Configs;
using MigrationHarness.Migration;
using MigrationHarness.Oracles;
using MigrationHarness.Qemu;
using MigrationHarness.Qmp;
using MigrationHarness.Scenarios;
using MigrationHarness.Model;

namespace MigrationHarness.Runner;

public sealed partial class CaseRunner
{
    /// <summary>
    /// One hop: the destination starts paused (<c>-S -incoming defer</c>), the migration runs, both
    /// sides' ends are recorded, the checks read the stopped source and the still-paused destination,
    /// then the destination is resumed and the checks that need a running guest read it. The
    /// destination is returned as the next hop's source when the hop completed.
    /// </summary>
    private async Task<(HopObservation Hop, QemuInstance? Next)> RunHopAsync(CaseSpec spec, Hop hop, int index, QemuInstance source,
        SourceState state, string slot, CancellationToken cancellationToken)
    {
        var limits = spec.Limits;
        var clock = Stopwatch.StartNew();
        var destinationBuild = spec.Build(hop.To);
        var config = await DestinationConfigAsync(spec, index, source, cancellationToken);
        var role = $"dst{index}";
        var args = ArgsFor(spec, config, destinationBuild, RenderSide.Destination, role, slot, state.Placements);
        var container = await pool.GetAsync(destinationBuild.Build, cancellationToken);
        QemuInstance destination;
        try
        {
            destination = await QemuInstance.StartAsync(container, role, args, slot,
                new QemuStartOptions(Paused: true, Incoming: true) { StartTimeout = limits.Start }, cancellationToken);
        }
        catch (QemuStartException limited) when (limited.HitHarnessLimit)
        {
            throw new InfrastructureException($"{destinationBuild.Name} could not create its threads under the harness's container limits: {Portability.StartResult.ErrorLine(limited.Stderr)}", limited);
        }
        catch (QemuStartException refused)
        {
            var healthy = await IsHealthyAsync(source, limits, cancellationToken);
            var status = refused.Exit is null ? MigrationStatus.NeverAnswered : MigrationStatus.DestinationRefusedConfig;
            return (HopObservation.Failed(hop, status, refused.Message, Evidence(source, null), Evidence(refused), healthy), null);
        }
        var started = clock.Elapsed;
        var step = "the migration";
        try
        {
            var migration = await MigrateAsync(spec, source, destination, $"unix:{slot}/migrate-{index}.sock", cancellationToken);
            if (migration.Status != MigrationStatus.Completed)
            {
                var healthy = await IsHealthyAsync(source, limits, cancellationToken);
                // The destination of a refused migration exits by itself; one still waiting is quit, and how it ended is evidence.
                // A destination that stopped answering is killed (recorded as the harness's kill), not asked to quit.
                var destinationExit = await destination.WaitForExitAsync(TimeSpan.FromSeconds(5), cancellationToken)
                                      ?? (migration.Status == MigrationStatus.TimedOut && !await AnswersAsync(destination, limits)
                                          ? await destination.KillAsync()
                                          : await destination.QuitAsync(limits.Command, CancellationToken.None));
                var sourceExit = source.HasExited ? await source.WaitForExitAsync(TimeSpan.FromSeconds(2), cancellationToken) : null;
                var failed = HopObservation.Failed(hop, migration.Status, migration.Error ?? "migration failed", Evidence(source, sourceExit), Evidence(destination, destinationExit), healthy,
                    new PhaseTimings(default, started, migration.Duration, default, default)) with
                {
                    SourceMigration = migration.SourceEnd, DestinationMigration = migration.DestinationEnd,
                };
                await destination.DisposeAsync();
                return (failed, null);
            }

            var checkClock = Stopwatch.StartNew();
            var results = new List<CheckResult>();
            step = "the checks of the paused destination";
            if (spec.Faults.BeforeDestinationCheck is { } plant) await plant(destination);
            await ReadAndCompareAsync(CheckMoment.DestinationPaused);
            string? notRunning = null;
            // A guest whose memory arrived wrong is not run: what it did next would hide the loss behind a hang or a crash.
            if (!results.Any(r => r.Verdict == Verdict.DataLoss))
            {
                step = "cont";
                notRunning = await ResumeAsync(destination, limits, cancellationToken);
                if (notRunning is null)
                {
                    step = "the checks of the running destination";
                    await ReadAndCompareAsync(CheckMoment.DestinationRunning);
                    // The next hop migrates the guest the way this scenario does: paused stays paused.
                    step = "stop";
                    if (spec.Scenario.Guest == GuestMode.Paused)
                        await destination.Qmp.ExecuteAsync("stop", timeout: limits.Command, cancellationToken: cancellationToken);
                }
            }
            // A drift is explained with the vCPU properties that differ: read now, only for a hop that drifted.
            if (results.Any(r => r.Verdict == Verdict.AbiDrift) && (explainer?.CpuPropertiesCouldExplain(results, spec, hop) ?? true))
                await AttachCpuPropertiesAsync(results, state, source, destination, index, explainer?.ExplainingCpuProperties, cancellationToken);
            var checkTime = checkClock.Elapsed;

            var teardown = Stopwatch.StartNew();
            var exit = await source.QuitAsync(limits.Command, cancellationToken);
            var sourceEvidence = Evidence(source, exit);
            await source.DisposeAsync();
            var timings = new PhaseTimings(default, started, migration.Duration, checkTime, teardown.Elapsed);
            var observation = new HopObservation(hop.From, hop.To, notRunning is null ? MigrationStatus.Completed : MigrationStatus.DestinationNotRunning,
                notRunning, sourceEvidence, Evidence(destination, null), true, results, timings)
            {
                SourceMigration = migration.SourceEnd, DestinationMigration = migration.DestinationEnd,
            };
            return (observation, destination);

            async Task ReadAndCompareAsync(CheckMoment moment)
            {
                // The checks of one moment read together, each side at once (both sides are stopped, or the source's reading is
                // already taken): the hop waits for the slowest check, not for their sum. Their results keep the registry's order.
                var read = await Task.WhenAll(GuestPlatforms.ChecksFor(spec.Config.Architecture).Where(c => c.DestinationMoment == moment).Select(ReadAndCompareOneAsync));
                results.AddRange(CheckResult.UpToFirstHang(read));

                async Task<CheckResult> ReadAndCompareOneAsync(ICheck check)
                {
                    var checkTime = Stopwatch.StartNew();
                    // The first hop's source is the QEMU the guest booted on: the ranges it wrote are known since then, for both sides.
                    var ranges = index == 0 ? state.WrittenRanges : null;
                    var sourceReading = check.SourceMoment == CheckMoment.SourceAfterMigration
                        ? check.ReadAsync(new CheckTarget(source, spec.Config, CheckMoment.SourceAfterMigration, limits) { WrittenRanges = ranges }, cancellationToken)
                        : Task.FromResult(state.Readings[check.Name]);
                    var destinationReading = check.ReadAsync(new CheckTarget(destination, config, moment, limits) { WrittenRanges = ranges }, cancellationToken);
                    await Task.WhenAll(sourceReading, destinationReading);
                    var result = await check.CompareAsync(sourceReading.Result, destinationReading.Result, cancellationToken);
                    return result with { Evidence = [.. result.Evidence, .. destinationReading.Result.Evidence], Elapsed = checkTime.Elapsed };
                }
            }
        }
        catch (QmpException ex) when (ex is QmpTimeoutException or QmpDisconnectedException or QmpCommandException)
        {
            // A side stopped answering, went away, or refused a command the step needs: judged from how each side ended.
            var observation = await StepFailedAsync(hop, step, ex, source, destination, limits);
            await destination.DisposeAsync();
            return (observation, null);
        }
        catch
        {
            // Cancelled, or the engine or the harness failed under the hop: the destination must not outlive it (a QEMU whose
            // QMP stdio closed keeps running, and the pool's containers outlive the case).
            await destination.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Adds the vCPU QOM properties that differ to the fingerprint check's result: the first
    /// source's as read at boot (cases of several hops), or this hop's source's now (the first hop's
    /// source is the first source), against the destination's now.
    /// </summary>
    private static async Task AttachCpuPropertiesAsync(List<CheckResult> results, SourceState state, QemuInstance source, QemuInstance destination, int hop,
        IReadOnlyCollection<string>? names,
        CancellationToken cancellationToken)
    {
        var at = results.FindIndex(r => r.Check == "qmp-fingerprint");
        if (at < 0 || results[at].Cpu is not { } cpu || state.Readings.GetValueOrDefault("qmp-fingerprint") is not FingerprintReading first) return;
        try
        {
            var sourceProperties = first.Fingerprint.CpuProperties.Count > 0 ? Task.FromResult(first.Fingerprint.CpuProperties)
                : hop == 0 ? AbiFingerprintReader.FirstCpuPropertiesAsync(source.Qmp, names, cancellationToken)
                : null;
            if (sourceProperties is null) return;
            var destinationProperties = AbiFingerprintReader.FirstCpuPropertiesAsync(destination.Qmp, names, cancellationToken);
            var differences = QmpFingerprintCheck.PropertyDifferences(await sourceProperties, await destinationProperties);
            results[at] = results[at] with
            {
                Cpu = cpu with { Properties = differences },
                Evidence = results[at].Verdict == Verdict.AbiDrift ? [.. results[at].Evidence, .. differences.Select(p => p.ToString())] : results[at].Evidence,
            };
        }
        catch (QmpException)
        {
            // A side that no longer answers leaves the drift without property evidence; the hop's verdict stands as judged.
        }
    }

    /// <summary>
    /// The observation of a hop whose step failed. The side to blame is the one that exited, or
    /// (for a timeout) the one that no longer answers; a side that still hangs is killed by the
    /// harness, which is recorded, so its signal is not read as a crash.
    /// </summary>
    private static async Task<HopObservation> StepFailedAsync(Hop hop, string step, QmpException ex, QemuInstance source, QemuInstance destination, CaseLimits limits)
    {
        var destinationExit = await destination.WaitForExitAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
        var sourceExit = await source.WaitForExitAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        var (status, blamed) = ex switch
        {
            QmpDisconnectedException when destinationExit is not null => (MigrationStatus.ProcessDied, destination),
            QmpDisconnectedException when sourceExit is not null => (MigrationStatus.ProcessDied, source),
            QmpDisconnectedException => (MigrationStatus.ProcessDied, destination),
            QmpCommandException => (MigrationStatus.CommandFailed, destination),
            _ when destinationExit is null && !await AnswersAsync(destination, limits) => (MigrationStatus.TimedOut, destination),
            _ => (MigrationStatus.TimedOut, source),
        };
        if (destinationExit is null && status == MigrationStatus.TimedOut) destinationExit = await destination.KillAsync();
        var role = blamed == source ? "source" : "destination";
        var exitText = (blamed == source ? sourceExit : destinationExit)?.ToString() ?? "still running";
        var error = $"{role} ({blamed.BuildName}) at {step}: {ex.Message} ({exitText}) {LastError(blamed.Stderr)}".Trim();
        return HopObservation.Failed(hop, status, error, Evidence(source, sourceExit), Evidence(destination, destinationExit), await IsHealthyAsync(source, limits, CancellationToken.None));
    }

    private static async Task<bool> AnswersAsync(QemuInstance instance, CaseLimits limits)
    {
        if (instance.HasExited || !instance.Qmp.IsConnected) return false;
        try
        {
            await instance.Qmp.ExecuteAsync("query-status", timeout: TimeSpan.FromSeconds(Math.Min(3, limits.Command.TotalSeconds)));
            return true;
        }
        catch (QmpException)
        {
            return false;
        }
    }

    /// <summary>Resumes the destination; the reason when it does not run.</summary>
    private static async Task<string?> ResumeAsync(QemuInstance destination, CaseLimits limits, CancellationToken cancellationToken)
    {
        var mark = destination.Qmp.EventMark;
        try
        {
            await destination.Qmp.ExecuteAsync("cont", timeout: limits.Command, cancellationToken: cancellationToken);
        }
        catch (QmpCommandException ex)
        {
            return $"the destination refuses to run: {ex.Description}";
        }
        await destination.Qmp.WaitForEventAsync(e => e.Name == "RESUME", limits.Command, "RESUME after cont", mark, cancellationToken);
        var status = await QueryStatusAsync(destination, limits, cancellationToken);
        if (status == "running") return null;
        // KVM stopping a vCPU with an internal error, or a guest panic, shows as the status; the oracle reads it.
        return $"destination status after cont is '{status}'";
    }

    /// <summary>How one migration went, as each side reported it.</summary>
    private sealed record MigrationRun(MigrationStatus Status, string? Error, TimeSpan Duration, string? SourceEnd, string? DestinationEnd);

    private static async Task<MigrationRun> MigrateAsync(CaseSpec spec, QemuInstance source, QemuInstance destination, string uri, CancellationToken cancellationToken)
    {
        var limits = spec.Limits;
        var clock = Stopwatch.StartNew();
        // Only this hop's events count: the source of a later hop saw its own incoming migration end earlier.
        var (sourceMark, destinationMark) = (source.Qmp.EventMark, destination.Qmp.EventMark);
        string? sourceEnd = null, destinationEnd = null;
        try
        {
            var events = new { capabilities = new[] { new { capability = "events", state = true } } };
            await Task.WhenAll(
                source.Qmp.ExecuteAsync("migrate-set-capabilities", events, limits.Command, cancellationToken),
                destination.Qmp.ExecuteAsync("migrate-set-capabilities", events, limits.Command, cancellationToken));
            if (spec.Faults.Capabilities.Count > 0)
            {
                var planted = new { capabilities = spec.Faults.Capabilities.Select(c => new { capability = c, state = true }).ToArray() };
                await Task.WhenAll(
                    source.Qmp.ExecuteAsync("migrate-set-capabilities", planted, limits.Command, cancellationToken),
                    destination.Qmp.ExecuteAsync("migrate-set-capabilities", planted, limits.Command, cancellationToken));
            }
            // A local unix socket: no reason to throttle (QEMU's default cap is for networks), unless a fault wants time.
            var bandwidth = spec.Faults.MaxBandwidth ?? 16L * 1024 * 1024 * 1024;
            await source.Qmp.ExecuteAsync("migrate-set-parameters", new Dictionary<string, object> { ["max-bandwidth"] = bandwidth }, limits.Command, cancellationToken);
            await destination.Qmp.ExecuteAsync("migrate-incoming", new { uri }, limits.Command, cancellationToken);
            await source.Qmp.ExecuteAsync("migrate", new { uri }, limits.Command, cancellationToken);
            if (spec.Faults.DuringMigration is { } fault)
            {
                await source.Qmp.WaitForEventAsync(e => e.Name == "MIGRATION" && e.DataString("status") == "active", limits.Command, "migration active", sourceMark, cancellationToken);
                await fault(source, destination);
            }

            var end = await WaitForOutgoingEndAsync(source, limits, sourceMark, clock, cancellationToken);
            sourceEnd = end.DataString("status");
            if (sourceEnd != "completed")
            {
                var error = await MigrationErrorAsync(source, destination, limits, cancellationToken);
                sourceEnd = $"{sourceEnd}: {error.Source}";
                destinationEnd = error.Destination;
                return new MigrationRun(MigrationStatus.MigrationFailed, error.Text, clock.Elapsed, sourceEnd, destinationEnd);
            }
            try
            {
                var incoming = await destination.Qmp.WaitForEventAsync(IsMigrationEnd, limits.Migration, "the end of the incoming migration", destinationMark, cancellationToken);
                destinationEnd = incoming.DataString("status");
                if (destinationEnd != "completed")
                {
                    await destination.WaitForExitAsync(TimeSpan.FromSeconds(3), cancellationToken);
                    return new MigrationRun(MigrationStatus.MigrationFailed, $"destination: incoming migration {destinationEnd}: {ErrorLines(destination.Stderr)}",
                        clock.Elapsed, sourceEnd, destinationEnd);
                }
            }
            catch (QmpDisconnectedException)
            {
                var exit = await destination.WaitForExitAsync(TimeSpan.FromSeconds(3), cancellationToken);
                destinationEnd = $"exited while loading the stream ({exit?.ToString() ?? "no exit status"})";
                return new MigrationRun(MigrationStatus.MigrationFailed, $"destination {destinationEnd}: {ErrorLines(destination.Stderr)}", clock.Elapsed, sourceEnd, destinationEnd);
            }
            return new MigrationRun(MigrationStatus.Completed, null, clock.Elapsed, sourceEnd, destinationEnd);
        }
        catch (QmpCommandException ex)
        {
            return new MigrationRun(MigrationStatus.MigrationFailed, ex.Message, clock.Elapsed, sourceEnd ?? $"refused: {ex.Description}", destinationEnd);
        }
        catch (QmpTimeoutException ex)
        {
            var blamed = await AnswersAsync(destination, limits) ? "source" : "destination";
            return new MigrationRun(MigrationStatus.TimedOut, $"{blamed}: {ex.Message}", clock.Elapsed, sourceEnd ?? "did not end", destinationEnd ?? "did not end");
        }
        catch (QmpDisconnectedException)
        {
            var who = source.HasExited || !source.Qmp.IsConnected ? source : destination;
            var exit = await who.WaitForExitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            var side = who == source ? "source" : "destination";
            return new MigrationRun(MigrationStatus.ProcessDied, $"{side} ({who.BuildName}) went away ({exit?.ToString() ?? "still running"}): {LastError(who.Stderr)}".Trim(),
                clock.Elapsed, sourceEnd, destinationEnd);
        }
    }

    /// <summary>
    /// Waits for the outgoing migration to end. A wait that times out is a hang only when the
    /// migration made no progress over it (<see cref="MigrationProgress"/>): one still sending or
    /// syncing gets another window, up to <see cref="CaseLimits.MigrationCeiling"/> in all. The
    /// hang's evidence names the last progress seen.
    /// </summary>
    private static async Task<QmpEvent> WaitForOutgoingEndAsync(QemuInstance source, CaseLimits limits, int mark, Stopwatch clock, CancellationToken cancellationToken)
    {
        MigrationProgress? last = null;
        while (true)
        {
            try
            {
                return await source.Qmp.WaitForEventAsync(IsMigrationEnd, limits.Migration, "the end of the outgoing migration", mark, cancellationToken);
            }
            catch (QmpTimeoutException)
            {
                var now = MigrationProgress.Parse(await source.Qmp.ExecuteAsync("query-migrate", timeout: limits.Command, cancellationToken: cancellationToken), clock.Elapsed);
                if (!now.MovedSince(last) || clock.Elapsed + limits.Migration > limits.MigrationCeiling)
                    throw new QmpTimeoutException($"the end of the outgoing migration (last progress: {now}; {(now.MovedSince(last) ? "still moving at the ceiling" : "nothing moved")} over the last {limits.Migration.TotalSeconds:0} s)",
                        clock.Elapsed);
                last = now;
            }
        }
    }

    /// <summary>The destination's config: the source's, respelled for an equivalent-spelling scenario, or altered by a planted fault.</summary>
    private static async Task<VmConfig> DestinationConfigAsync(CaseSpec spec, int hop, QemuInstance source, CancellationToken cancellationToken)
    {
        var config = spec.Config;
        if (hop == 0)
            config = await spec.Scenario.RespellAsync(config, new QmpCpuAliases(source.Qmp, spec.Limits.Command), cancellationToken);
        return spec.Faults.DestinationConfig is { } alter ? alter(config) : config;
    }

    private static async Task<bool> IsHealthyAsync(QemuInstance source, CaseLimits limits, CancellationToken cancellationToken)
    {
        if (source.HasExited || !source.Qmp.IsConnected) return false;
        try
        {
            await QueryStatusAsync(source, limits, cancellationToken);
            return true;
        }
        catch (QmpException)
        {
            return false;
        }
    }

    private static bool IsMigrationEnd(QmpEvent e) => e.Name == "MIGRATION" && e.DataString("status") is "completed" or "failed" or "cancelled";

    private static async Task<string> QueryStatusAsync(QemuInstance instance, CaseLimits limits, CancellationToken cancellationToken) =>
        (await instance.Qmp.ExecuteAsync("query-status", timeout: limits.Command, cancellationToken: cancellationToken)).GetProperty("status").GetString() ?? "";

    /// <summary>Both sides' account of a failed migration, and the one line the reason gives.</summary>
    private static async Task<(string Text, string Source, string Destination)> MigrationErrorAsync(QemuInstance source, QemuInstance destination, CaseLimits limits,
        CancellationToken cancellationToken)
    {
        // A destination that refuses the stream says why and exits, a moment after the source sees the socket close:
        // waiting for it makes the reason (and the failure's signature) the same every time.
        var exit = await destination.WaitForExitAsync(TimeSpan.FromSeconds(3), cancellationToken);
        var destinationError = ErrorLines(destination.Stderr);
        var destinationEnd = (exit is null ? "still running" : $"exited ({exit})") + (destinationError.Length > 0 ? $": {destinationError}" : "");
        string sourceError;
        try
        {
            var info = await source.Qmp.ExecuteAsync("query-migrate", timeout: limits.Command, cancellationToken: cancellationToken);
            sourceError = info.TryGetProperty("error-desc", out var desc) ? desc.GetString() ?? "migration failed" : "migration failed";
        }
        catch (QmpException)
        {
            sourceError = "migration failed (query-migrate unanswered)";
        }
        return ($"source: {sourceError}" + (destinationError.Length > 0 ? $"; destination: {destinationError}" : ""), sourceError, destinationEnd);
    }

    /// <summary>Every error line of a QEMU's stderr (warnings left out), in order, as one line.</summary>
    public static string ErrorLines(string stderr) =>
        string.Join("; ", stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.Contains("warning:", StringComparison.Ordinal)).Distinct());

    private static string LastError(string stderr) =>
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => !l.Contains("warning:", StringComparison.Ordinal)) ?? "";
}
