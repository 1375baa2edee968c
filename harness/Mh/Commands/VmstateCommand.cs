using MigrationHarness.App;
using System.CommandLine;
using MigrationHarness.Findings.Vmstate;
using MigrationHarness.Qemu;

namespace MigrationHarness.Cli.Commands;

/// <summary><c>mh vmstate diff A B --machine M [--all]</c>: the static vmstate difference between two builds for a machine type.</summary>
public static class VmstateCommand
{
    public static Command Create()
    {
        var older = new Argument<string>("A") { Description = "A build" };
        var newer = new Argument<string>("B") { Description = "Another build" };
        var machine = new Option<string>("--machine") { Description = "Machine type both builds have (e.g. pc-q35-7.2)", Required = true };
        var all = new Option<bool>("--all") { Description = "Also list differences that break no direction (sections or subsections only one side has that the other never receives)" };
        var diff = new Command("diff", "Static vmstate difference between two builds for a machine type (-dump-vmstate)") { older, newer, machine, all };
        diff.SetAction(async (parse, ct) =>
        {
            using var session = await HarnessSession.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct);
            var builds = (await session.ResolveAsync([session.Catalog.Get(parse.GetValue(older)!), session.Catalog.Get(parse.GetValue(newer)!)], ct))
                .OrderBy(b => b.Version).ToArray();
            var workspace = new RunWorkspace("vmstate-" + Guid.NewGuid().ToString("n")[..6]);
            await using var pool = await session.NewPoolAsync(workspace, ct);
            var machineType = parse.GetValue(machine)!;
            var a = await VmstateDumper.DumpAsync(pool, builds[0], machineType, ct);
            var b = await VmstateDumper.DumpAsync(pool, builds[1], machineType, ct);
            var differences = VmstateComparison.Between(a, b);
            var shown = parse.GetValue(all) ? differences : differences.Where(d => d.Forward != VmstateImpact.None || d.Backward != VmstateImpact.None).ToArray();
            Console.WriteLine($"vmstate {machineType}: {builds[0].Name} ({builds[0].Resolved.QemuVersion}, {a.Sections.Count} sections) → " +
                              $"{builds[1].Name} ({builds[1].Resolved.QemuVersion}, {b.Sections.Count} sections): {differences.Count} differences");
            foreach (var d in shown) Console.WriteLine($"  {d}");
            Console.WriteLine($"forward breaks: {differences.Count(d => d.Forward == VmstateImpact.Breaks)}, when sent: {differences.Count(d => d.Forward == VmstateImpact.WhenSent)}; " +
                              $"backward breaks: {differences.Count(d => d.Backward == VmstateImpact.Breaks)}, when sent: {differences.Count(d => d.Backward == VmstateImpact.WhenSent)}");
            return ExitCodes.Success;
        });
        return new Command("vmstate", "Inspect builds' vmstate") { diff };
    }
}
