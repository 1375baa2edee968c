using MigrationHarness.App;
using System.CommandLine;
using MigrationHarness.Analysis.Causes;
using MigrationHarness.Configs;
using MigrationHarness.Oracles;
using MigrationHarness.Qemu;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Model;

namespace MigrationHarness.Cli.Commands;

/// <summary><c>mh migrate --from A --to B [--machine M] [--backward] [--running]</c>: one migration of the default config, end to end.</summary>
public static class MigrateCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "Source build", Required = true };
        var to = new Option<string>("--to") { Description = "Destination build", Required = true };
        var machine = new Option<string?>("--machine") { Description = "Machine type (default: the older build's versioned pc-q35)" };
        var backward = new Option<bool>("--backward") { Description = "Swap the pair: migrate from --to back to --from" };
        var running = new Option<bool>("--running") { Description = "Migrate a running guest (the harness's own workload) instead of a paused one" };
        var smp = new Option<int>("--smp") { Description = "vCPUs (one socket per vCPU)", DefaultValueFactory = _ => 1 };
        var command = new Command("migrate", "Migrate a small VM from one build to another and report each phase")
        {
            from, to, machine, backward, running, smp,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var context = await HarnessSession.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct);
            var source = context.Catalog.Get(parse.GetValue(from)!);
            var destination = context.Catalog.Get(parse.GetValue(to)!);
            if (parse.GetValue(backward)) (source, destination) = (destination, source);
            var ready = await context.ResolveAsync([source, destination], ct);
            var (src, dst) = (ready[0], ready[1]);
            var older = src.Version <= dst.Version ? src : dst;
            var machineType = parse.GetValue(machine) ?? $"pc-q35-{older.Version.Major}.{older.Version.Minor}";
            var vcpus = parse.GetValue(smp);
            if (vcpus is < 1 or > 64) throw new BadInputException("--smp must be 1..64");
            var config = VmConfig.Minimal(machineType, context.Host.Accelerator) with { Smp = new SmpTopology(vcpus, vcpus, vcpus, 1, 1, 1) };
            var guest = parse.GetValue(running) ? GuestMode.Running : GuestMode.Paused;
            // The scenario's builds are given oldest first; forward or backward follows from the order asked for.
            var forward = src.Version <= dst.Version;
            Scenario scenario = forward ? new Forward(guest) : new Backward(guest);
            var builds = forward ? new[] { src, dst } : [dst, src];

            var workspace = new RunWorkspace(HarnessSession.NewRunId());
            await using var pool = await context.NewPoolAsync(workspace, ct);
            Console.WriteLine($"{src.Name} (QEMU {src.Resolved.QemuVersion}) → {dst.Name} (QEMU {dst.Resolved.QemuVersion}), {machineType}, " +
                              $"{config.Accelerator.ToString().ToLowerInvariant()}, {guest.ToString().ToLowerInvariant()} guest");
            var started = DateTime.UtcNow;
            var outcome = await new CaseRunner(pool, CpuPropertyRelevance.Default).RunAsync(new CaseSpec(config, scenario, builds), ct);
            var wall = DateTime.UtcNow - started;

            Console.WriteLine($"verdict: {outcome.Verdict.Name()}: {outcome.Judgement.Reason}");
            foreach (var hop in outcome.Observation.Hops)
            {
                Console.WriteLine($"hop {hop.From}→{hop.To}: {hop.Status}; {hop.Timings}");
                Console.WriteLine($"exits: source {hop.Source?.Exit ?? "-"}, destination {hop.Destination?.Exit ?? "running"}");
                Console.WriteLine($"migration ends: source {hop.SourceMigration ?? "-"}, destination {hop.DestinationMigration ?? "-"}");
                foreach (var check in hop.Checks) Console.WriteLine($"check {check.Check}: {check.Verdict.Name()}: {check.Summary}");
                if (outcome.Verdict != Verdict.Pass)
                    foreach (var side in new[] { hop.Source, hop.Destination }.OfType<SideEvidence>())
                        Console.WriteLine($"{side.Role} argv: {string.Join(' ', side.Argv)}");
            }
            Console.WriteLine($"wall time: {wall.TotalMilliseconds:0} ms (containers started on first use, included)");
            if (outcome.Verdict == Verdict.InfraError) return ExitCodes.Infrastructure;
            if (outcome.Verdict == Verdict.Pass) return ExitCodes.Success;
            foreach (var side in outcome.Observation.Hops.SelectMany(h => new[] { h.Source, h.Destination }).Append(outcome.Observation.FirstSource)
                         .OfType<SideEvidence>().DistinctBy(s => (s.Role, s.Build)))
                if (side.Stderr.Trim().Length > 0) Console.WriteLine($"--- {side.Role} {side.Build} stderr ---\n{side.StderrTail()}");
            return ExitCodes.ExpectationViolated;
        });
        return command;
    }
}
