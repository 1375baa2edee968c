using System.CommandLine;
using MigrationHarness.Builds;

namespace MigrationHarness.Cli.Commands;

/// <summary><c>mh builds build [NAME…]</c> and <c>mh builds list</c>.</summary>
public static class BuildsCommand
{
    public static Command Create()
    {
        var names = new Argument<string[]>("NAME") { Description = "Builds to make (default: every build in the catalog)", Arity = ArgumentArity.ZeroOrMore };
        var build = new Command("build", "Build the images of the named builds that are missing (idempotent)") { names };
        build.SetAction(async (parse, ct) =>
        {
            using var context = await HarnessContext.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct);
            var selected = Select(context.Catalog, parse.GetValue(names));
            var builder = new ImageBuilder(context.Docker);
            foreach (var b in selected)
            {
                var started = DateTime.UtcNow;
                var (imageId, built) = await builder.EnsureAsync(b, line => Console.WriteLine("  " + line), ct);
                Console.WriteLine(built
                    ? $"{b.Name}: built {imageId[7..19]} in {(DateTime.UtcNow - started).TotalSeconds:0} s"
                    : $"{b.Name}: image {imageId[7..19]} already present");
            }
            await PrintAsync(context, selected, ct);
            return ExitCodes.Success;
        });

        var list = new Command("list", "Show each build's QEMU version, package version and image id; write the lock file");
        list.SetAction(async (parse, ct) =>
        {
            using var context = await HarnessContext.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct);
            await PrintAsync(context, context.Catalog.Builds, ct);
            return ExitCodes.Success;
        });

        return new Command("builds", "Manage the pinned QEMU builds") { build, list };
    }

    private static IReadOnlyList<Build> Select(BuildCatalog catalog, string[]? names) =>
        names is { Length: > 0 } ? names.Select(catalog.Get).ToArray() : catalog.Builds;

    private static async Task PrintAsync(HarnessContext context, IEnumerable<Build> builds, CancellationToken ct)
    {
        var ready = await context.ResolveAsync(builds, ct);
        Console.WriteLine($"{"BUILD",-12} {"QEMU",-9} {"PACKAGE VERSION",-28} {"IMAGE ID",-14} SOURCE");
        foreach (var b in ready)
            Console.WriteLine($"{b.Name,-12} {b.Resolved.QemuVersion,-9} {b.Resolved.PackageVersion,-28} {b.Resolved.ImageId[7..19],-14} {b.Resolved.Source}");
        Console.WriteLine($"lock file: {Path.GetRelativePath(Environment.CurrentDirectory, context.LockPath)}");
    }
}
