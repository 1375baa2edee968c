using System.CommandLine;
using MigrationHarness.Configs;
using MigrationHarness.Migration;
using MigrationHarness.Qemu;

namespace MigrationHarness.Cli.Commands;

/// <summary><c>mh migrate --from A --to B [--machine M] [--backward]</c>: one migration of the default config, end to end.</summary>
public static class MigrateCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "Source build", Required = true };
        var to = new Option<string>("--to") { Description = "Destination build", Required = true };
        var machine = new Option<string?>("--machine") { Description = "Machine type (default: the older build's versioned pc-q35)" };
        var backward = new Option<bool>("--backward") { Description = "Swap the pair: migrate from --to back to --from" };
        var command = new Command("migrate", "Migrate a small paused VM from one build to another and report each phase")
        {
            from, to, machine, backward,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var context = await HarnessContext.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct);
            var source = context.Catalog.Get(parse.GetValue(from)!);
            var destination = context.Catalog.Get(parse.GetValue(to)!);
            if (parse.GetValue(backward)) (source, destination) = (destination, source);
            var ready = await context.ResolveAsync([source, destination], ct);
            var (src, dst) = (ready[0], ready[1]);
            var older = src.Version <= dst.Version ? src : dst;
            var machineType = parse.GetValue(machine) ?? $"pc-q35-{older.Version.Major}.{older.Version.Minor}";
            var config = VmConfig.Minimal(machineType, context.Host.Accelerator);

            var runId = HarnessContext.NewRunId();
            using var workspace = new RunWorkspace(runId);
            await using var pool = new ContainerPool(context.Docker, workspace, context.Host);
            Console.WriteLine($"{src.Name} (QEMU {src.Resolved.QemuVersion}) → {dst.Name} (QEMU {dst.Resolved.QemuVersion}), {machineType}, {config.Accelerator.ToString().ToLowerInvariant()}");
            var started = DateTime.UtcNow;
            var outcome = await new MigrationRunner(pool).RunAsync(new MigrationRequest(src, dst, config), ct);
            var wall = DateTime.UtcNow - started;

            Console.WriteLine($"outcome: {outcome.Status}{(outcome.Error is null ? "" : ": " + outcome.Error)}");
            if (outcome.DestinationStatusAfterCont is { } status) Console.WriteLine($"destination after cont: {status}");
            Console.WriteLine($"phases: {outcome.Timings}");
            Console.WriteLine($"exits: source {outcome.Source?.Exit ?? "-"}, destination {outcome.Destination?.Exit ?? "-"}");
            Console.WriteLine($"wall time: {wall.TotalMilliseconds:0} ms");
            if (!outcome.Succeeded)
            {
                foreach (var side in new[] { outcome.Source, outcome.Destination })
                    if (side is not null && side.Stderr.Length > 0) Console.WriteLine($"--- {side.Build} stderr ---\n{side.StderrTail()}");
                return ExitCodes.ExpectationViolated;
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
