using MigrationHarness.App;
using System.CommandLine;
using System.Diagnostics;
using MigrationHarness.Platform.Catalog;
using MigrationHarness.Analysis.Causes;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Generation;
using MigrationHarness.Migration;
using MigrationHarness.Oracles;
using MigrationHarness.Qemu;
using MigrationHarness.Qmp;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Model;

namespace MigrationHarness.Cli.Commands;

/// <summary>
/// <c>mh bench</c>: migrations per minute of (a) a bare floor — the build containers kept alive,
/// QEMU exec'd inside them, QMP straight, migrate, quit, no checks — and (b) the harness doing the
/// same generated cases end to end; the ratio; per-phase p50/p95; the harness's peak memory.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "Source build", DefaultValueFactory = _ => "qemu-7.2" };
        var to = new Option<string>("--to") { Description = "Destination build", DefaultValueFactory = _ => "qemu-10.0" };
        var count = new Option<int>("--cases") { Description = "Migrations per side", DefaultValueFactory = _ => 30 };
        var parallel = new Option<int>("--parallel") { Description = "Cases at once (both sides; default: cores, as campaigns run)", DefaultValueFactory = _ => Campaign.CampaignOptions.DefaultParallel };
        var command = new Command("bench", "Measure migrations per minute: bare floor vs harness") { from, to, count, parallel };
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(count);
            var workers = parse.GetValue(parallel);
            if (n is < 1 or > 10_000 || workers is < 1 or > 16) throw new BadInputException("--cases must be 1..10000 and --parallel 1..16");
            using var context = await HarnessSession.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct);
            var ready = await context.ResolveAsync([context.Catalog.Get(parse.GetValue(from)!), context.Catalog.Get(parse.GetValue(to)!)], ct);
            var builds = ready.OrderBy(r => r.Version).ToArray();
            var workspace = new RunWorkspace(HarnessSession.NewRunId());
            await using var pool = await context.NewPoolAsync(workspace, ct);
            var (_, space) = await context.SpaceAsync(pool, builds, ct);
            // Both sides use the same generated configs; paused guests, as a device-state campaign runs them.
            var configs = Enumerable.Range(0, n).Select(i => VmConfigGen.Sample(space, 2026, i, i % 101)).ToArray();
            foreach (var b in builds) await pool.GetAsync(b.Build, ct);

            var bareTimes = new List<double>();
            var bare = await TimeAsync(configs, workers, async config =>
            {
                var clock = Stopwatch.StartNew();
                await BareMigrationAsync(pool, ready[0], ready[1], config, ct);
                lock (bareTimes) bareTimes.Add(clock.Elapsed.TotalMilliseconds);
            });

            // The floor with the guest: the same migration with the project's guest booted on the source and its memory read
            // once per side, so the ratio against it is the harness's own overhead (checks, evidence, bookkeeping).
            var guestTimes = new List<double>();
            var guestFloor = await TimeAsync(configs, workers, async config =>
            {
                var clock = Stopwatch.StartNew();
                await GuestFloorMigrationAsync(pool, ready[0], ready[1], config, ct);
                lock (guestTimes) guestTimes.Add(clock.Elapsed.TotalMilliseconds);
            });

            var phases = new List<PhaseTimings>();
            var checkTimes = new List<(string Check, double Ms)>();
            var verdicts = new List<Verdict>();
            var runner = new CaseRunner(pool, CpuPropertyRelevance.Default);
            Scenario scenario = ready[0].Version <= ready[1].Version ? new Forward(GuestMode.Paused) : new Backward(GuestMode.Paused);
            var harness = await TimeAsync(configs, workers, async config =>
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
            var mixCaseTimes = new List<double>();
            var defaults = Scenario.Defaults.Where(x => !x.SpansAllBuilds).ToArray();
            var confirming = new Campaign.ConfirmingRunner(runner, 2, new Campaign.ConfirmationLedger(), Campaign.ConfirmationPolicy.Decides);
            var mix = await TimeAsync(configs, workers, async config =>
            {
                var index = Array.IndexOf(configs, config);
                var mixScenario = defaults[index % defaults.Length];
                var clock = Stopwatch.StartNew();
                var confirmed = await confirming.RunAsync(new CaseSpec(config, mixScenario, builds) { Index = index }, ct);
                lock (mixVerdicts)
                {
                    mixVerdicts.Add(confirmed.Outcome.Verdict);
                    mixCaseTimes.Add(clock.Elapsed.TotalMilliseconds);
                }
            });

            double PerMinute(TimeSpan total) => n / total.TotalMinutes;
            Console.WriteLine($"{ready[0].Name} → {ready[1].Name}, {n} generated configs, paused guest, {workers} at once, {context.Host.Accelerator.ToString().ToLowerInvariant()}, " +
                              $"{context.Host.Cores} cores ({context.Host.CpuModel})");
            Console.WriteLine($"bare floor: {PerMinute(bare):0.0} migrations/min ({bare.TotalSeconds:0.0} s; per migration p50 {P(bareTimes, 50):0} ms, p95 {P(bareTimes, 95):0} ms)");
            Console.WriteLine($"harness:    {PerMinute(harness):0.0} migrations/min ({harness.TotalSeconds:0.0} s; verdicts {string.Join(", ", verdicts.GroupBy(v => v).Select(g => $"{g.Key.Name()} {g.Count()}"))})");
            Console.WriteLine($"guest floor: {PerMinute(guestFloor):0.0} migrations/min ({guestFloor.TotalSeconds:0.0} s; the guest booted and its memory read once per side; p50 {P(guestTimes, 50):0} ms)");
            Console.WriteLine($"ratio:      harness takes {harness / bare:0.00} × the bare floor's time, {harness / guestFloor:0.00} × the guest floor's");
            Console.WriteLine($"default mix: {PerMinute(mix):0.0} cases/min ({mix.TotalSeconds:0.0} s; {string.Join(", ", defaults.Select(x => x.Name))}; confirmations as a campaign decides them; " +
                              $"case p50 {P(mixCaseTimes, 50):0} ms; verdicts {string.Join(", ", mixVerdicts.GroupBy(v => v).Select(g => $"{g.Key.Name()} {g.Count()}"))})");
            Console.WriteLine("harness phases (ms):   p50    p95");
            foreach (var (name, select) in new (string, Func<PhaseTimings, TimeSpan>)[]
                     {
                         ("qemu start", t => t.QemuStart), ("migrate", t => t.Migrate), ("checks", t => t.Checks), ("teardown", t => t.Teardown),
                     })
            {
                var values = phases.Select(p => select(p).TotalMilliseconds).ToList();
                Console.WriteLine($"  {name,-18} {P(values, 50),6:0} {P(values, 95),6:0}");
            }
            foreach (var group in checkTimes.GroupBy(c => c.Check))
                Console.WriteLine($"    {group.Key,-16} {P(group.Select(c => c.Ms).ToList(), 50),6:0} {P(group.Select(c => c.Ms).ToList(), 95),6:0}");
            Console.WriteLine($"harness peak RSS: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The shortest path: exec both QEMUs, QMP straight, migrate, wait for completion, quit. No checks.</summary>
    private static async Task BareMigrationAsync(ContainerPool pool, Builds.ReadyBuild source, Builds.ReadyBuild destination, VmConfig config, CancellationToken ct)
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
    private static async Task GuestFloorMigrationAsync(ContainerPool pool, Builds.ReadyBuild source, Builds.ReadyBuild destination, VmConfig config, CancellationToken ct)
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
        catch (Qmp.QmpException)
        {
            // A side that went away (a QEMU bug the harness would judge) ends this migration of the floor; its time still counts.
        }
        await pool.DeleteSlotAsync(slot);
    }

    private static async Task GuestFloorStepsAsync(QemuInstance s, QemuInstance d, string slot, VmConfig config, CancellationToken ct)
    {
        var sourceGuest = new Guest.GuestInspector(s);
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
        await Task.WhenAll(sourceGuest.ReadManyAsync(ranges, ct), new Guest.GuestInspector(d).ReadManyAsync(ranges, ct));
        await Task.WhenAll(s.QuitAsync(TimeSpan.FromSeconds(10), ct), d.QuitAsync(TimeSpan.FromSeconds(10), ct));
    }

    private static async Task<TimeSpan> TimeAsync(IReadOnlyList<VmConfig> configs, int workers, Func<VmConfig, Task> body)
    {
        var clock = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(workers);
        await Task.WhenAll(configs.Select(async config =>
        {
            await gate.WaitAsync();
            try { await body(config); }
            finally { gate.Release(); }
        }));
        return clock.Elapsed;
    }

    private static double P(IReadOnlyList<double> values, int percentile)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];
    }
}
