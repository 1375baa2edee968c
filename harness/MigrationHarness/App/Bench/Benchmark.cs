using System.Diagnostics;
using MigrationHarness.Analysis.Causes;
using MigrationHarness.Campaign;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Generation;
using MigrationHarness.Migration;
using MigrationHarness.Model;
using MigrationHarness.Qemu;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;

namespace MigrationHarness.App.Bench;

/// <summary>
/// <c>mh bench</c>: migrations per minute of a bare floor (the build containers kept alive, QEMU started
/// inside them, QMP straight, migrate, quit, no checks), of a floor with the guest, of the harness doing
/// the same generated cases end to end, and of the default scenario mix with confirmations.
/// </summary>
public sealed class Benchmark(HarnessSession session)
{
    public async Task<BenchResult> RunAsync(string from, string to, int n, int workers, CancellationToken ct = default)
    {
        if (n is < 1 or > 10_000 || workers is < 1 or > 16) throw new BadInputException("--cases must be 1..10000 and --parallel 1..16");
        var ready = await session.ResolveAsync([session.Catalog.Get(from), session.Catalog.Get(to)], ct);
        var builds = ready.OrderBy(r => r.Version).ToArray();
        var workspace = new RunWorkspace(HarnessSession.NewRunId());
        await using var pool = await session.NewPoolAsync(workspace, ct);
        var (_, space) = await session.SpaceAsync(pool, builds, ct);
        // Both sides use the same generated configs; paused guests, as a device-state campaign runs them.
        var configs = Enumerable.Range(0, n).Select(i => VmConfigGen.Sample(space, 2026, i, i % 101)).ToArray();
        foreach (var b in builds) await pool.GetAsync(b.Build, ct);

        var bare = await TimeAsync(configs, workers, (config, _) => BenchFloors.BareMigrationAsync(pool, ready[0], ready[1], config, ct));
        // The floor with the guest: the same migration with the project's guest booted on the source and its memory read
        // once per side, so the ratio against it is the harness's own overhead (checks, evidence, bookkeeping).
        var guestFloor = await TimeAsync(configs, workers, (config, _) => BenchFloors.GuestFloorMigrationAsync(pool, ready[0], ready[1], config, ct));

        var phases = new List<PhaseTimings>();
        var checkTimes = new List<(string Check, double Ms)>();
        var verdicts = new List<Verdict>();
        var runner = new CaseRunner(pool, CpuPropertyRelevance.Default);
        Scenario scenario = ready[0].Version <= ready[1].Version ? new Forward(GuestMode.Paused) : new Backward(GuestMode.Paused);
        var harness = await TimeAsync(configs, workers, async (config, _) =>
        {
            var outcome = await runner.RunAsync(new CaseSpec(config, scenario, builds), ct);
            lock (phases)
            {
                verdicts.Add(outcome.Verdict);
                foreach (var hop in outcome.Observation.Hops) phases.Add(hop.Timings);
                foreach (var check in outcome.Observation.Hops.SelectMany(h => h.Checks)) checkTimes.Add((check.Check, check.Elapsed.TotalMilliseconds));
            }
        });

        // What users run: the default scenario mix (running guests, chains and round trips, several hops) with confirmations
        // as a campaign decides them, on the same configs.
        var mixVerdicts = new List<Verdict>();
        var defaults = Scenario.Defaults.Where(x => !x.SpansAllBuilds).ToArray();
        var confirming = new ConfirmingRunner(runner, 2, new ConfirmationLedger(), ConfirmationPolicy.Decides);
        var mix = await TimeAsync(configs, workers, async (config, index) =>
        {
            var confirmed = await confirming.RunAsync(new CaseSpec(config, defaults[index % defaults.Length], builds) { Index = index }, ct);
            lock (mixVerdicts) mixVerdicts.Add(confirmed.Outcome.Verdict);
        });

        return new BenchResult(ready[0].Name, ready[1].Name, n, workers, session.Host)
        {
            Bare = bare, GuestFloor = guestFloor, Harness = harness, Mix = mix, HarnessVerdicts = verdicts, MixVerdicts = mixVerdicts,
            MixScenarios = defaults.Select(x => x.Name).ToArray(), Phases = phases, CheckTimes = checkTimes,
        };
    }

    /// <summary>Runs <paramref name="body"/> over every config, <paramref name="workers"/> at once, timing the whole and each case.</summary>
    private static async Task<BenchSample> TimeAsync(IReadOnlyList<VmConfig> configs, int workers, Func<VmConfig, int, Task> body)
    {
        var clock = Stopwatch.StartNew();
        var caseTimes = new List<double>();
        using var gate = new SemaphoreSlim(workers);
        await Task.WhenAll(configs.Select(async (config, index) =>
        {
            await gate.WaitAsync();
            try
            {
                var caseClock = Stopwatch.StartNew();
                await body(config, index);
                lock (caseTimes) caseTimes.Add(caseClock.Elapsed.TotalMilliseconds);
            }
            finally { gate.Release(); }
        }));
        return new BenchSample(clock.Elapsed, caseTimes);
    }
}
