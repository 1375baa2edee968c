using MigrationHarness.App;
using System.CommandLine;
using MigrationHarness.Configs;
using MigrationHarness.Findings;
using MigrationHarness.Qemu;
using MigrationHarness.Results;
using MigrationHarness.Records;

namespace MigrationHarness.Cli.Commands;

/// <summary>
/// <c>mh explain REPRODUCER</c>: what QEMU can tell about a reproducer's failing hop — the CPU and
/// machine QOM properties that differ between its two builds for its config, and the vmstate
/// difference for its machine type narrowed to the sections its saved stream carries. Printed and
/// written to the reproducer's <c>explain.txt</c>.
/// </summary>
public static class ExplainCommand
{
    public static Command Create()
    {
        var reproducer = new Argument<string>("REPRODUCER") { Description = "A reproducer folder (results/<run>/reproducers/<case>)" };
        var command = new Command("explain", "Explain a reproducer: differing QOM properties and the vmstate difference between its builds") { reproducer };
        command.SetAction(async (parse, ct) =>
        {
            var folder = parse.GetValue(reproducer)!;
            var (config, from, to) = ReproducerFolder.Read(folder);
            using var session = await HarnessSession.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct);
            var builds = await session.ResolveAsync([session.Catalog.Get(from), session.Catalog.Get(to)], ct);
            var workspace = new RunWorkspace("explain-" + Guid.NewGuid().ToString("n")[..6]);
            await using var pool = await session.NewPoolAsync(workspace, ct);
            var explanation = await Explainer.ExplainAsync(pool, builds[0], builds[1], config with { Accelerator = session.Host.Accelerator },
                MigrationStreamFile.Find(folder), ct);
            var text = explanation.Render();
            await File.WriteAllTextAsync(Path.Combine(folder, "explain.txt"), text, ct);
            Console.Write(text);
            Console.WriteLine($"\nwritten: {Path.Combine(folder, "explain.txt")}");
            return ExitCodes.Success;
        });
        return command;
    }
}
