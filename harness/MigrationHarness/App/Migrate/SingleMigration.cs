using MigrationHarness.Analysis.Causes;
using MigrationHarness.Configs;
using MigrationHarness.Qemu;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;

namespace MigrationHarness.App.Migrate;

/// <summary>
/// <c>mh migrate</c>: a minimal VM (the machine type, vCPUs, the host's accelerator) migrated once between two
/// builds as a forward or backward case, with every check and phase timing. <paramref name="onStart"/> is told
/// what is about to run before the containers start.
/// </summary>
public sealed class SingleMigration(HarnessSession session)
{
    public async Task<MigrateOutcome> RunAsync(MigrateRequest request, Action<MigratePlan> onStart, CancellationToken ct = default)
    {
        request = request.Validated();
        var (source, destination) = (session.Catalog.Get(request.From), session.Catalog.Get(request.To));
        if (request.Backward) (source, destination) = (destination, source);
        var ready = await session.ResolveAsync([source, destination], ct);
        var (src, dst) = (ready[0], ready[1]);
        var older = src.Version <= dst.Version ? src : dst;
        var machineType = request.MachineType ?? $"pc-q35-{older.Version.Major}.{older.Version.Minor}";
        var config = VmConfig.Minimal(machineType, session.Host.Accelerator) with { Smp = new SmpTopology(request.Vcpus, request.Vcpus, request.Vcpus, 1, 1, 1) };
        var guest = request.Running ? GuestMode.Running : GuestMode.Paused;
        // The scenario's builds are given oldest first; forward or backward follows from the order asked for.
        var forward = src.Version <= dst.Version;
        Scenario scenario = forward ? new Forward(guest) : new Backward(guest);
        var builds = forward ? new[] { src, dst } : [dst, src];

        await using var pool = await session.NewPoolAsync(new RunWorkspace(HarnessSession.NewRunId()), ct);
        var plan = new MigratePlan(src, dst, config, guest);
        onStart(plan);
        var started = DateTime.UtcNow;
        var outcome = await new CaseRunner(pool, CpuPropertyRelevance.Default).RunAsync(new CaseSpec(config, scenario, builds), ct);
        return new MigrateOutcome(plan, outcome, DateTime.UtcNow - started);
    }
}
