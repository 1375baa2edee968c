using System.Diagnostics;
using System.Text.Json;
using MigrationHarness.Abi;
using MigrationHarness.Configs;
using MigrationHarness.Guest;
using MigrationHarness.Migration;
using MigrationHarness.Oracles;
using MigrationHarness.Qemu;
using MigrationHarness.Qmp;

namespace MigrationHarness.Scenarios;

public sealed partial class ScenarioRunner
{
    private async Task<(HopObservation Hop, QemuInstance? Next)> RunHopAsync(CaseSpec spec, Hop hop, int index, QemuInstance source,
        SourceState state, (string HostPath, string ContainerPath) slot, CancellationToken cancellationToken)
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
                new QemuStartOptions(Paused: false, Incoming: true) { StartTimeout = limits.Start }, cancellationToken);
        }
        catch (QemuStartException refused)
        {
            var healthy = await IsHealthyAsync(source, limits, cancellationToken);
            return (Observation(MigrationStatus.DestinationRefusedConfig, refused.Message, Evidence(source, null), Evidence(refused), healthy), null);
        }
        var started = clock.Elapsed;

        try
        {
            var (status, error, migrated) = await MigrateAsync(spec, source, destination, $"unix:{slot.ContainerPath}/migrate-{index}.sock", cancellationToken);
            if (status != MigrationStatus.Completed)
            {
                var healthy = await IsHealthyAsync(source, limits, cancellationToken);
                var destinationExit = await destination.WaitForExitAsync(TimeSpan.FromSeconds(5), cancellationToken);
                var sourceExit = source.HasExited ? await source.WaitForExitAsync(TimeSpan.FromSeconds(2), cancellationToken) : null;
                var observation = Observation(status, error, Evidence(source, sourceExit?.ToString()), Evidence(destination, destinationExit?.ToString()), healthy,
                    timings: new PhaseTimings(default, started, migrated, default, default));
                await destination.DisposeAsync();
                return (observation, null);
            }

            var checks = Stopwatch.StartNew();
            var (differences, memoryProblem, progressProblem, notRunning) = spec.Scenario.Guest == GuestMode.Running
                ? await CheckRunningAsync(spec, state, destination, cancellationToken)
                : await CheckPausedAsync(spec, state, destination, cancellationToken);
            var checked_ = checks.Elapsed;

            var teardown = Stopwatch.StartNew();
            var exit = await source.QuitAsync(limits.Command, cancellationToken);
            var sourceEvidence = Evidence(source, exit?.ToString());
            await source.DisposeAsync();
            var timings = new PhaseTimings(default, started, migrated, checked_, teardown.Elapsed);
            var statusNow = notRunning is null ? MigrationStatus.Completed : MigrationStatus.DestinationNotRunning;
            return (new HopObservation(hop.From, hop.To, statusNow, notRunning, sourceEvidence, Evidence(destination, null), true,
                differences, memoryProblem, progressProblem, timings), destination);
        }
        catch (Exception ex) when (ex is QmpTimeoutException or QmpDisconnectedException)
        {
            // A side stopped answering or went away in the checks: judged from how each side ended.
            var status = ex is QmpTimeoutException ? MigrationStatus.TimedOut : MigrationStatus.ProcessDied;
            var destinationExit = await destination.WaitForExitAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
            var sourceExit = await source.WaitForExitAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
            var observation = Observation(status, ex.Message, Evidence(source, sourceExit?.ToString()), Evidence(destination, destinationExit?.ToString()), false);
            await destination.DisposeAsync();
            return (observation, null);
        }

        HopObservation Observation(MigrationStatus status, string? error, SideEvidence? sourceEvidence, SideEvidence? destinationEvidence, bool healthy,
            PhaseTimings? timings = null) =>
            new(hop.From, hop.To, status, error, sourceEvidence, destinationEvidence, healthy, [], null, null, timings ?? PhaseTimings.Zero);
    }

    private static async Task<(MigrationStatus Status, string? Error, TimeSpan Duration)> MigrateAsync(CaseSpec spec, QemuInstance source,
        QemuInstance destination, string uri, CancellationToken cancellationToken)
    {
        var limits = spec.Limits;
        var clock = Stopwatch.StartNew();
        try
        {
            var events = new { capabilities = new[] { new { capability = "events", state = true } } };
            await Task.WhenAll(
                source.Qmp.ExecuteAsync("migrate-set-capabilities", events, limits.Command, cancellationToken),
                destination.Qmp.ExecuteAsync("migrate-set-capabilities", events, limits.Command, cancellationToken));
            // A local unix socket: no reason to throttle (QEMU's default cap is for networks), unless a fault wants time.
            var bandwidth = spec.Faults.MaxBandwidth ?? 16L * 1024 * 1024 * 1024;
            await source.Qmp.ExecuteAsync("migrate-set-parameters", new Dictionary<string, object> { ["max-bandwidth"] = bandwidth }, limits.Command, cancellationToken);
            await destination.Qmp.ExecuteAsync("migrate-incoming", new { uri }, limits.Command, cancellationToken);
            await source.Qmp.ExecuteAsync("migrate", new { uri }, limits.Command, cancellationToken);
            if (spec.Faults.DuringMigration is { } fault)
            {
                await source.Qmp.WaitForEventAsync(e => e.Name == "MIGRATION" && e.DataString("status") == "active", limits.Command, "migration active", cancellationToken);
                await fault(source, destination);
            }

            var end = await source.Qmp.WaitForEventAsync(IsMigrationEnd, limits.Migration, "the end of the outgoing migration", cancellationToken);
            if (end.DataString("status") != "completed")
                return (MigrationStatus.MigrationFailed, await MigrationErrorAsync(source, destination, limits, cancellationToken), clock.Elapsed);
            try
            {
                var incoming = await destination.Qmp.WaitForEventAsync(IsMigrationEnd, limits.Migration, "the end of the incoming migration", cancellationToken);
                if (incoming.DataString("status") != "completed")
                    return (MigrationStatus.MigrationFailed, $"destination: incoming migration {incoming.DataString("status")}: {LastError(destination.Stderr)}", clock.Elapsed);
            }
            catch (QmpDisconnectedException)
            {
                return (MigrationStatus.MigrationFailed, "destination exited while loading the stream: " + LastError(destination.Stderr), clock.Elapsed);
            }
            return (MigrationStatus.Completed, null, clock.Elapsed);
        }
        catch (QmpCommandException ex)
        {
            return (MigrationStatus.MigrationFailed, ex.Message, clock.Elapsed);
        }
        catch (QmpTimeoutException ex)
        {
            return (MigrationStatus.TimedOut, ex.Message, clock.Elapsed);
        }
        catch (QmpDisconnectedException)
        {
            var who = source.HasExited || !source.Qmp.IsConnected ? source : destination;
            var exit = await who.WaitForExitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return (MigrationStatus.ProcessDied, $"{who.Role} ({who.BuildName}) went away ({exit?.ToString() ?? "still running"}): {LastError(who.Stderr)}".Trim(), clock.Elapsed);
        }
    }

    private static async Task<(IReadOnlyList<AbiDifference>, string?, string?, string?)> CheckPausedAsync(CaseSpec spec, SourceState state,
        QemuInstance destination, CancellationToken cancellationToken)
    {
        var limits = spec.Limits;
        var differences = state.Fingerprint.DiffersFrom(await FingerprintAsync(destination, cancellationToken));
        // The destination must run when told to; then it is paused again, so the next hop migrates a paused guest too.
        var resumed = destination.Qmp.Events.Count(e => e.Name == "RESUME");
        await destination.Qmp.ExecuteAsync("cont", timeout: limits.Command, cancellationToken: cancellationToken);
        await destination.Qmp.WaitForEventAsync(e => e.Name == "RESUME" && destination.Qmp.Events.Count(x => x.Name == "RESUME") > resumed,
            limits.Command, "RESUME after cont", cancellationToken);
        var status = await QueryStatusAsync(destination, limits, cancellationToken);
        if (status != "running") return (differences, null, null, $"destination status after cont is '{status}'");
        await destination.Qmp.ExecuteAsync("stop", timeout: limits.Command, cancellationToken: cancellationToken);
        return (differences, null, null, null);
    }

    private static async Task<(IReadOnlyList<AbiDifference>, string?, string?, string?)> CheckRunningAsync(CaseSpec spec, SourceState state,
        QemuInstance destination, CancellationToken cancellationToken)
    {
        var limits = spec.Limits;
        // A destination whose source was running starts by itself when the migration completes.
        try
        {
            await destination.Qmp.WaitForEventAsync(e => e.Name == "RESUME", limits.Command, "the destination to resume after migration", cancellationToken);
        }
        catch (QmpTimeoutException)
        {
            var status = await QueryStatusAsync(destination, limits, cancellationToken);
            if (status != "running")
                return ([], null, null, $"the destination did not start by itself after the migration of a running guest (status '{status}')");
        }
        await destination.Qmp.ExecuteAsync("stop", timeout: limits.Command, cancellationToken: cancellationToken);
        if (spec.Faults.BeforeDestinationCheck is { } fault) await fault(destination);
        var inspector = new GuestInspector(destination);
        var memory = await inspector.CheckMemoryAsync(cancellationToken);
        var fingerprint = await FingerprintAsync(destination, cancellationToken);
        var before = await inspector.ReadHeaderAsync(cancellationToken);
        await destination.Qmp.ExecuteAsync("cont", timeout: limits.Command, cancellationToken: cancellationToken);
        var after = await inspector.WaitForProgressAsync(before, limits.GuestProgress, cancellationToken);
        if (after is null) return ([], memory.Intact ? null : memory.Detail, $"the guest made no progress on the destination within {limits.GuestProgress.TotalSeconds:0} s", null);

        // Every vCPU must have re-read CPUID on the destination before the tables are compared.
        IReadOnlyList<GuestCpuid> current = [];
        var deadline = DateTime.UtcNow + limits.GuestProgress;
        while (DateTime.UtcNow < deadline)
        {
            current = await inspector.ReadCpuidAsync(GuestLayout.TableCurrent, cancellationToken);
            if (current.Count >= state.GuestCpuid.Count && current.All(c => c.Generation > before.Generation)) break;
            await Task.Delay(50, cancellationToken);
        }
        if (!current.All(c => c.Generation > before.Generation))
            return ([], memory.Intact ? null : memory.Detail, "some vCPUs did not answer the CPUID refresh on the destination", null);
        var differences = state.Fingerprint.DiffersFrom(fingerprint).Concat(GuestCpuidComparison.Compare(state.GuestCpuid, current)).ToArray();
        return (differences, memory.Intact ? null : memory.Detail, null, null);
    }

    /// <summary>The destination's config: the source's, respelled for an equivalent-spelling scenario, or altered by a planted fault.</summary>
    private static async Task<VmConfig> DestinationConfigAsync(CaseSpec spec, int hop, QemuInstance source, CancellationToken cancellationToken)
    {
        var config = spec.Config;
        if (hop == 0)
        {
            switch (spec.Scenario.Spelling)
            {
                case Spelling.CpuAliasToVersioned:
                    var definitions = await source.Qmp.ExecuteAsync("query-cpu-definitions", timeout: spec.Limits.Command, cancellationToken: cancellationToken);
                    var alias = definitions.EnumerateArray().FirstOrDefault(d => d.GetProperty("name").GetString() == config.Cpu.Model);
                    if (alias.ValueKind == JsonValueKind.Object && alias.TryGetProperty("alias-of", out var target))
                        config = config with { Cpu = config.Cpu with { Model = target.GetString()! } };
                    break;
                case Spelling.NumaMemToMemdev:
                    config = config with { Numa = config.Numa with { Backing = NumaBacking.Memdev } };
                    break;
            }
        }
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

    private static async Task<string> MigrationErrorAsync(QemuInstance source, QemuInstance destination, CaseLimits limits, CancellationToken cancellationToken)
    {
        // A destination that refuses the stream says why and exits, a moment after the source sees the socket close:
        // waiting for it makes the reason (and the failure's signature) the same every time.
        await destination.WaitForExitAsync(TimeSpan.FromSeconds(3), cancellationToken);
        var destinationError = ErrorLines(destination.Stderr);
        try
        {
            var info = await source.Qmp.ExecuteAsync("query-migrate", timeout: limits.Command, cancellationToken: cancellationToken);
            var sourceError = info.TryGetProperty("error-desc", out var desc) ? desc.GetString() : null;
            return $"source: {sourceError ?? "migration failed"}" + (destinationError.Length > 0 ? $"; destination: {destinationError}" : "");
        }
        catch (QmpException)
        {
            return "migration failed" + (destinationError.Length > 0 ? $"; destination: {destinationError}" : "");
        }
    }

    /// <summary>Every error line of a QEMU's stderr (warnings left out), in order, as one line.</summary>
    public static string ErrorLines(string stderr) =>
        string.Join("; ", stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.Contains("warning:", StringComparison.Ordinal)).Distinct());

    private static string LastError(string stderr) =>
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => !l.Contains("warning:", StringComparison.Ordinal)) ?? "";
}
