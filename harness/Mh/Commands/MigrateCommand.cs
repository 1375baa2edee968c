using System.CommandLine;
using MigrationHarness.App;
using MigrationHarness.App.Migrate;
using MigrationHarness.Model;
using MigrationHarness.Oracles;

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
            var request = new MigrateRequest(parse.GetValue(from)!, parse.GetValue(to)!)
            {
                MachineType = parse.GetValue(machine), Backward = parse.GetValue(backward), Running = parse.GetValue(running), Vcpus = parse.GetValue(smp),
            }.Validated();
            using var session = await HarnessSession.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct);
            var (_, outcome, wall) = await new SingleMigration(session).RunAsync(request, plan =>
                Console.WriteLine($"{plan.Source.Name} (QEMU {plan.Source.Resolved.QemuVersion}) → {plan.Destination.Name} (QEMU {plan.Destination.Resolved.QemuVersion}), " +
                                  $"{plan.Config.MachineType}, {plan.Config.Accelerator.ToString().ToLowerInvariant()}, {plan.Guest.ToString().ToLowerInvariant()} guest"), ct);
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
