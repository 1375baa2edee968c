using System.Diagnostics;
using MigrationHarness.Abi;
using MigrationHarness.Configs;
using MigrationHarness.Containers;
using MigrationHarness.Guest;
using MigrationHarness.Oracles;
using MigrationHarness.Qemu;
using MigrationHarness.Qmp;

namespace MigrationHarness.Scenarios;

/// <summary>
/// Runs one case: starts the config on the first build, plugs hot DIMMs, boots the guest if it
/// runs, then makes every hop of the scenario (each destination waits with <c>-incoming defer</c>,
/// the stream goes over a unix socket on the shared volume), checks what the guest sees after each
/// hop against what it saw at the start, and hands everything to the <see cref="Oracle"/>.
/// Docker trouble becomes <c>infra-error</c>, and so does any finding made while a container of the
/// case died under it; everything else QEMU does becomes evidence.
/// </summary>
public sealed partial class ScenarioRunner(ContainerPool pool)
{
    public async Task<CaseOutcome> RunAsync(CaseSpec spec, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        CaseObservation observation;
        try
        {
            observation = await ObserveAsync(spec, cancellationToken);
        }
        catch (InfrastructureException ex) when (!cancellationToken.IsCancellationRequested)
        {
            observation = CaseObservation.Infrastructure(ex.Message);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            observation = CaseObservation.Infrastructure($"{ex.GetType().Name}: {ex.Message}");
        }
        var judgement = Oracle.Judge(observation);
        if (judgement.Verdict is not (Verdict.Pass or Verdict.InfraError) && !cancellationToken.IsCancellationRequested
            && await pool.InfrastructureProblemAsync(cancellationToken) is { } problem)
        {
            // What QEMU seemed to do is kept in the message, but it is not a QEMU verdict: its container went away under it.
            observation = CaseObservation.Infrastructure($"{problem}; the case's apparent verdict ({judgement.Verdict.Name()}: {judgement.Reason}) is discarded");
            judgement = Oracle.Judge(observation);
        }
        return new CaseOutcome(judgement, observation, clock.Elapsed);
    }

    private async Task<CaseObservation> ObserveAsync(CaseSpec spec, CancellationToken cancellationToken)
    {
        var slot = pool.Workspace.NewSlot("case");
        try
        {
            return await ObserveInAsync(spec, slot, cancellationToken);
        }
        finally
        {
            // Sockets, pid files and file-backed RAM of a finished case are not evidence: the evidence is in the observation.
            try { Directory.Delete(slot.HostPath, recursive: true); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
        }
    }

    private async Task<CaseObservation> ObserveInAsync(CaseSpec spec, (string HostPath, string ContainerPath) slot, CancellationToken cancellationToken)
    {
        var hops = spec.Scenario.Hops(spec.Builds.Select(b => b.Name).ToArray());
        if (spec.Scenario.Guest == GuestMode.Running) GuestImage.EnsureIn(pool.Workspace.HostRoot);

        var (source, state, notApplicable) = await StartFirstSourceAsync(spec, hops[0].From, slot, cancellationToken);
        if (source is null) return CaseObservation.NotApplicable(notApplicable!, state?.FirstSourceEvidence);
        var observations = new List<HopObservation>();
        var current = source;
        try
        {
            for (var i = 0; i < hops.Length; i++)
            {
                var (hop, next) = await RunHopAsync(spec, hops[i], i, current, state!, slot, cancellationToken);
                observations.Add(hop);
                if (next is null) break;
                current = next;
                if (Oracle.Judge(new CaseObservation(null, null, [hop], null)).Verdict != Verdict.Pass) break;
            }
        }
        finally
        {
            await current.QuitAsync(spec.Limits.Command, CancellationToken.None);
            await current.DisposeAsync();
        }
        return new CaseObservation(null, null, observations, state!.FirstSourceEvidence);
    }

    /// <summary>The argv for one side: the config in that build's syntax plus the guest firmware or a file-backed RAM.</summary>
    private static IReadOnlyList<string> ArgsFor(CaseSpec spec, VmConfig config, Builds.ReadyBuild build, RenderSide side, string role,
        (string HostPath, string ContainerPath) slot, IReadOnlyDictionary<string, DimmPlacement>? placements = null)
    {
        var args = new List<string>(QemuCommandLine.Render(config, build.Version, side, placements));
        if (spec.Scenario.Guest == GuestMode.Running) args.AddRange(["-bios", $"{RunWorkspace.ContainerRoot}/{GuestImage.FileName}"]);
        if (spec.Faults.RamOnFile)
        {
            // The RAM block keeps the id "pc.ram" either way, so the two sides still match.
            args.AddRange(["-object", $"memory-backend-file,id=pc.ram,size={Sizes.Render(config.Memory.SizeMiB)},mem-path={slot.ContainerPath}/{role}.ram,share=on,x-use-canonical-path-for-ramblock-id=off",
                "-machine", "memory-backend=pc.ram"]);
        }
        return args;
    }

    private static SideEvidence Evidence(QemuInstance instance, string? exit) =>
        new(instance.Role, instance.BuildName, instance.Argv, instance.Qmp.Transcript.Select(t => t.ToString()).ToArray(), instance.Stderr, exit);

    private static SideEvidence Evidence(QemuStartException refused) =>
        new(refused.Role, refused.Build, refused.Argv, [], refused.Stderr, refused.Exit?.ToString());

    private static async Task<AbiFingerprint> FingerprintAsync(QemuInstance instance, CancellationToken cancellationToken) =>
        await AbiFingerprintReader.ReadAsync(instance.Qmp, cancellationToken);

    /// <summary>What the first source looked like, kept to compare every destination with.</summary>
    private sealed record SourceState(AbiFingerprint Fingerprint, IReadOnlyList<GuestCpuid> GuestCpuid, SideEvidence FirstSourceEvidence)
    {
        public IReadOnlyDictionary<string, DimmPlacement> Placements { get; init; } = new Dictionary<string, DimmPlacement>();
    }

    /// <summary>Slots and addresses of the source's memory devices, by id, to place them the same on every destination.</summary>
    private static async Task<IReadOnlyDictionary<string, DimmPlacement>> PlacementsAsync(QemuInstance source, CancellationToken cancellationToken)
    {
        var placements = new Dictionary<string, DimmPlacement>();
        foreach (var device in (await source.Qmp.ExecuteAsync("query-memory-devices", cancellationToken: cancellationToken)).EnumerateArray())
        {
            var data = device.GetProperty("data");
            if (!data.TryGetProperty("id", out var id) || id.GetString() is not { } name) continue;
            var address = data.TryGetProperty("addr", out var addr) ? addr.GetUInt64() : data.TryGetProperty("memaddr", out var memaddr) ? memaddr.GetUInt64() : 0;
            int? slotNumber = data.TryGetProperty("slot", out var s) ? s.GetInt32() : null;
            placements[name] = new DimmPlacement(slotNumber, address);
        }
        return placements;
    }
}
