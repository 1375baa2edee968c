using System.CommandLine;
using System.Diagnostics;
using MigrationHarness.App;
using MigrationHarness.App.Bench;
using MigrationHarness.Migration;
using MigrationHarness.Model;
using static MigrationHarness.App.Bench.BenchSample;

namespace MigrationHarness.Cli.Commands;

/// <summary><c>mh bench</c>: migrations per minute of the floors, the harness and the default mix; the ratios; per-phase and per-check p50/p95.</summary>
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
            using var session = await HarnessSession.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct);
            Print(await new Benchmark(session).RunAsync(parse.GetValue(from)!, parse.GetValue(to)!, parse.GetValue(count), parse.GetValue(parallel), ct));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(BenchResult r)
    {
        static string Verdicts(IEnumerable<Verdict> verdicts) => string.Join(", ", verdicts.GroupBy(v => v).Select(g => $"{g.Key.Name()} {g.Count()}"));
        var n = r.Cases;
        Console.WriteLine($"{r.Source} → {r.Destination}, {n} generated configs, paused guest, {r.Workers} at once, {r.Host.Accelerator.ToString().ToLowerInvariant()}, " +
                          $"{r.Host.Cores} cores ({r.Host.CpuModel})");
        Console.WriteLine($"bare floor: {r.Bare.PerMinute(n):0.0} migrations/min ({r.Bare.Total.TotalSeconds:0.0} s; per migration p50 {P(r.Bare.CaseMs, 50):0} ms, p95 {P(r.Bare.CaseMs, 95):0} ms)");
        Console.WriteLine($"harness:    {r.Harness.PerMinute(n):0.0} migrations/min ({r.Harness.Total.TotalSeconds:0.0} s; verdicts {Verdicts(r.HarnessVerdicts)})");
        Console.WriteLine($"guest floor: {r.GuestFloor.PerMinute(n):0.0} migrations/min ({r.GuestFloor.Total.TotalSeconds:0.0} s; the guest booted and its memory read once per side; p50 {P(r.GuestFloor.CaseMs, 50):0} ms)");
        Console.WriteLine($"ratio:      harness takes {r.Harness.Total / r.Bare.Total:0.00} × the bare floor's time, {r.Harness.Total / r.GuestFloor.Total:0.00} × the guest floor's");
        Console.WriteLine($"default mix: {r.Mix.PerMinute(n):0.0} cases/min ({r.Mix.Total.TotalSeconds:0.0} s; {string.Join(", ", r.MixScenarios)}; confirmations as a campaign decides them; " +
                          $"case p50 {P(r.Mix.CaseMs, 50):0} ms; verdicts {Verdicts(r.MixVerdicts)})");
        Console.WriteLine("harness phases (ms):   p50    p95");
        foreach (var (name, select) in new (string, Func<PhaseTimings, TimeSpan>)[]
                 {
                     ("qemu start", t => t.QemuStart), ("migrate", t => t.Migrate), ("checks", t => t.Checks), ("teardown", t => t.Teardown),
                 })
        {
            var values = r.Phases.Select(p => select(p).TotalMilliseconds).ToList();
            Console.WriteLine($"  {name,-18} {P(values, 50),6:0} {P(values, 95),6:0}");
        }
        foreach (var group in r.CheckTimes.GroupBy(c => c.Check))
            Console.WriteLine($"    {group.Key,-16} {P(group.Select(c => c.Ms).ToList(), 50),6:0} {P(group.Select(c => c.Ms).ToList(), 95),6:0}");
        Console.WriteLine($"harness peak RSS: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB");
    }
}
