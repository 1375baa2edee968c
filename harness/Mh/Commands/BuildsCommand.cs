using MigrationHarness.App;
using System.CommandLine;
using MigrationHarness.Builds;
using MigrationHarness.Model;

namespace MigrationHarness.Cli.Commands;

/// <summary><c>mh builds build [NAME…]</c>, <c>mh builds list</c>, <c>mh builds push|pull REGISTRY [NAME…]</c>.</summary>
public static class BuildsCommand
{
    public static Command Create()
    {
        var names = new Argument<string[]>("NAME") { Description = "Builds to make (default: the catalog's default builds)", Arity = ArgumentArity.ZeroOrMore };
        var build = new Command("build", "Build the images of the named builds that are missing (idempotent)") { names };
        build.SetAction(async (parse, ct) =>
        {
            using var session = await HarnessSession.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct);
            var selected = Select(session.Catalog, parse.GetValue(names));
            var builder = new ImageBuilder(session.Docker);
            foreach (var b in selected)
            {
                var started = DateTime.UtcNow;
                var (imageId, built) = await builder.EnsureAsync(b, line => Console.WriteLine("  " + line), ct);
                Console.WriteLine(built
                    ? $"{b.Name}: built {imageId[7..19]} in {(DateTime.UtcNow - started).TotalSeconds:0} s"
                    : $"{b.Name}: image {imageId[7..19]} already present");
            }
            await PrintAsync(session, selected, ct);
            return ExitCodes.Success;
        });

        var list = new Command("list", "Show each build's QEMU version, package version and image id; write the lock file");
        list.SetAction(async (parse, ct) =>
        {
            using var session = await HarnessSession.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct);
            await PrintAsync(session, session.Catalog.Builds, ct);
            return ExitCodes.Success;
        });

        var registry = new Argument<string>("REGISTRY") { Description = "The registry, HOST[:PORT][/PATH] (e.g. 127.0.0.1:5000)" };
        var pushNames = new Argument<string[]>("NAME") { Description = "Builds to push (default: the catalog's default builds)", Arity = ArgumentArity.ZeroOrMore };
        var push = new Command("push", "Push the builds' images to a registry, as REGISTRY/<image>, so other engines can pull the same image ids") { registry, pushNames };
        push.SetAction(async (parse, ct) =>
        {
            using var session = await HarnessSession.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct);
            var prefix = RegistryPrefix(parse.GetValue(registry)!);
            var ready = await session.ResolveAsync(Select(session.Catalog, parse.GetValue(pushNames)), ct);
            foreach (var b in ready)
            {
                var (repository, tag) = Split(prefix + b.Build.Image);
                await session.Docker.TagImageAsync(b.Build.Image, repository, tag, ct);
                await session.Docker.PushImageAsync(repository, tag, ct);
                Console.WriteLine($"{b.Name}: pushed {repository}:{tag} (image {b.Resolved.ImageId[7..19]})");
            }
            return ExitCodes.Success;
        });

        var pullNames = new Argument<string[]>("NAME") { Description = "Builds to pull (default: the catalog's default builds)", Arity = ArgumentArity.ZeroOrMore };
        var pull = new Command("pull", "Pull the builds' images from a registry (pushed there by 'mh builds push') and name them as the catalog does; " +
                                       "an image whose id differs from the one the lock file records is refused") { registry, pullNames };
        pull.SetAction(async (parse, ct) =>
        {
            using var session = await HarnessSession.CreateAsync(parse.GetValue(CommonOptions.BuildsFile), ct);
            var prefix = RegistryPrefix(parse.GetValue(registry)!);
            var selected = Select(session.Catalog, parse.GetValue(pullNames));
            var locked = BuildLock.Load(session.LockPath);
            foreach (var b in selected)
            {
                var (repository, tag) = Split(prefix + b.Image);
                await session.Docker.PullImageAsync(repository, tag, ct);
                var pulled = (await session.Docker.InspectImageAsync($"{repository}:{tag}", ct))!.Id;
                // The lock pins what a build is: a registry serving other content under the same name must not become that build.
                if (locked.Builds.FirstOrDefault(l => l.Name == b.Name) is { } pinned && pinned.ImageId != pulled)
                    throw new BadInputException($"build '{b.Name}': {repository}:{tag} is image {pulled[7..19]}, but the lock file pins {pinned.ImageId[7..19]}; " +
                                                "push it again from the engine that holds the pinned image, or remove the build from the lock file.");
                var (ownRepository, ownTag) = Split(b.Image);
                await session.Docker.TagImageAsync($"{repository}:{tag}", ownRepository, ownTag, ct);
                Console.WriteLine($"{b.Name}: pulled {repository}:{tag} as {b.Image} (image {pulled[7..19]})");
            }
            await PrintAsync(session, selected, ct);
            return ExitCodes.Success;
        });

        return new Command("builds", "Manage the pinned QEMU builds") { build, list, push, pull };
    }

    /// <summary>The registry as an image name prefix; anything but HOST[:PORT][/PATH] is refused in one line.</summary>
    private static string RegistryPrefix(string registry)
    {
        var trimmed = registry.Trim().TrimEnd('/');
        if (!System.Text.RegularExpressions.Regex.IsMatch(trimmed, @"^[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[a-z0-9._-]+)*$"))
            throw new BadInputException($"registry '{registry}' is not HOST[:PORT][/PATH]");
        return trimmed + "/";
    }

    /// <summary>An image name's repository and tag (the tag follows the last colon after the last slash).</summary>
    private static (string Repository, string Tag) Split(string image)
    {
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }

    private static IReadOnlyList<Build> Select(BuildCatalog catalog, string[]? names) =>
        names is { Length: > 0 } ? names.Select(catalog.Get).ToArray() : catalog.Builds;

    private static async Task PrintAsync(HarnessSession session, IEnumerable<Build> builds, CancellationToken ct)
    {
        var ready = await session.ResolveAsync(builds, ct);
        Console.WriteLine($"{"BUILD",-12} {"QEMU",-9} {"PACKAGE VERSION",-28} {"IMAGE ID",-14} SOURCE");
        foreach (var b in ready)
            Console.WriteLine($"{b.Name,-12} {b.Resolved.QemuVersion,-9} {b.Resolved.PackageVersion,-28} {b.Resolved.ImageId[7..19],-14} {b.Resolved.Source}");
        Console.WriteLine($"lock file: {Path.GetRelativePath(Environment.CurrentDirectory, session.LockPath)}");
    }
}
