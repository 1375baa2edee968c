using System.Diagnostics;
using MigrationHarness.Platform.Catalog;
using MigrationHarness.Configs;
using MigrationHarness.Containers;
using MigrationHarness.Guest;
using MigrationHarness.Oracles;
using MigrationHarness.Qemu;
using MigrationHarness.Scenarios;
using MigrationHarness.Model;

namespace MigrationHarness.Runner;

/// <summary>
/// Runs one case: starts the config on the first build, plugs hot DIMMs, boots the guest firmware
/// (and stops it again for a paused scenario), reads every check on the ready source, then makes
/// every hop of the scenario and reads the checks on both sides of each (see <see cref="Platform.Catalog.GuestPlatforms.ChecksFor"/>).
/// Whatever QEMU does at any step becomes evidence for the <see cref="Oracle"/>; only the engine,
/// the disk or the harness itself give <c>infra-error</c>, and so does any finding made while a
/// container of the case died under it.
/// </summary>
public sealed partial class CaseRunner(ContainerPool pool, IDriftExplainer? explainer = null)
{
    /// <summary>The facts of the host this runner's engine runs on.</summary>
    public HostFacts Host => pool.Host;

    public async Task<CaseOutcome> RunAsync(CaseSpec spec, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        spec = spec.AsRun;
        CaseObservation observation;
        try
        {
            observation = await ObserveAsync(spec, cancellationToken);
        }
        catch (InfrastructureException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A QEMU's launcher lost with its container says only that: the pool says what happened (and drops a dead container).
            var found = await pool.InfrastructureProblemAsync(spec.Builds.Select(b => b.Build), cancellationToken);
            observation = CaseObservation.Infrastructure(found is null ? ex.Message : $"{found} ({ex.Message})");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            observation = CaseObservation.Infrastructure($"{ex.GetType().Name}: {ex.Message}");
        }
        var judgement = Oracle.Judge(observation);
        if (judgement.Verdict is not (Verdict.Pass or Verdict.InfraError) && !cancellationToken.IsCancellationRequested
            && await pool.InfrastructureProblemAsync(spec.Builds.Select(b => b.Build), cancellationToken) is { } problem)
        {
            // What QEMU seemed to do is kept in the message, but it is not a QEMU verdict: its container went away (or ran out of memory) under it.
            observation = CaseObservation.Infrastructure($"{problem}; the case's apparent verdict ({judgement.Verdict.Name()}: {judgement.Reason}) is discarded");
            judgement = Oracle.Judge(observation);
        }
        return new CaseOutcome(judgement, observation, clock.Elapsed);
    }

    private async Task<CaseObservation> ObserveAsync(CaseSpec spec, CancellationToken cancellationToken)
    {
        var slot = await pool.CreateSlotAsync("case", spec.Builds[0].Build, cancellationToken);
        try
        {
            return await ObserveInAsync(spec, slot, cancellationToken);
        }
        finally
        {
            // Sockets, pid files and file-backed RAM of a finished case are not evidence: the evidence is in the observation.
            await pool.DeleteSlotAsync(slot);
        }
    }

    private async Task<CaseObservation> ObserveInAsync(CaseSpec spec, string slot, CancellationToken cancellationToken)
    {
        var hops = spec.Scenario.Hops(spec.Builds.Select(b => b.Name).ToArray());

        var start = await StartFirstSourceAsync(spec, hops[0], slot, cancellationToken);
        if (start.NotApplicable is { } reason) return CaseObservation.NotApplicable(reason, start.Evidence);
        if (start.Failure is { } failure) return new CaseObservation(null, null, [failure], start.Evidence);
        var (source, state) = (start.Source!, start.State!);
        var observations = new List<HopObservation>();
        var current = source;
        try
        {
            for (var i = 0; i < hops.Length; i++)
            {
                var (hop, next) = await RunHopAsync(spec, hops[i], i, current, state, slot, cancellationToken);
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
        return new CaseObservation(null, null, observations, state.FirstSourceEvidence) { GuestRefused = state.GuestRefused };
    }

    /// <summary>The argv for one side: the config in that build's syntax plus the guest firmware (and a file-backed RAM or other planted plumbing).</summary>
    private static IReadOnlyList<string> ArgsFor(CaseSpec spec, VmConfig config, Builds.ReadyBuild build, RenderSide side, string role,
        string slot, IReadOnlyDictionary<string, DimmPlacement>? placements = null)
    {
        var args = new List<string>(QemuCommandLine.Render(config, side, placements));
        args.AddRange(GuestPlatforms.For(config.Architecture).FirmwareArguments(RunWorkspace.ContainerRoot));
        if (spec.Faults.RamOnFile)
        {
            // The RAM block keeps the id "pc.ram" either way, so the two sides still match.
            args.AddRange(["-object", $"memory-backend-file,id=pc.ram,size={Sizes.Render(config.Memory.SizeMiB)},mem-path={slot}/{role}.ram,share=on,x-use-canonical-path-for-ramblock-id=off",
                "-machine", "memory-backend=pc.ram"]);
        }
        return args;
    }

    private static SideEvidence Evidence(QemuInstance instance, Containers.ExecExit? exit) =>
        new(instance.Role, instance.BuildName, instance.Argv, instance.Qmp.Transcript.Select(t => t.ToString()).ToArray(), instance.Stderr,
            instance.KilledByHarness ? $"killed by the harness after quit did not end it ({exit?.ToString() ?? "no exit status"})" : exit?.ToString())
        {
            KilledByHarness = instance.KilledByHarness,
        };

    private static SideEvidence Evidence(QemuStartException refused) =>
        new(refused.Role, refused.Build, refused.Argv, [], refused.Stderr, refused.Exit?.ToString() ?? "never opened QMP (killed by the harness)")
        {
            KilledByHarness = refused.Exit is null,
        };
}
