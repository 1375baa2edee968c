using System.Security.Cryptography;
using System.Text;
using MigrationHarness.Containers;
using MigrationHarness.Processes;
using MigrationHarness.Model;

namespace MigrationHarness.Builds;

/// <summary>
/// Makes a Debian build's image: <c>mmdebstrap</c> writes a minimal root filesystem with the QEMU
/// package to its stdout, which is streamed into the engine's image import. An image whose recipe
/// label matches is reused, so building is idempotent.
/// </summary>
public sealed class ImageBuilder(DockerEngine docker)
{
    public const string RecipeLabel = "io.migrationharness.recipe";
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(15);

    /// <summary>Builds the image if missing or made from another recipe; returns the image id and whether it was built now.</summary>
    public async Task<(string ImageId, bool Built)> EnsureAsync(Build build, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        if (build.Source is not BuildSource.Debian debian)
        {
            var existing = await docker.InspectImageAsync(build.Image, cancellationToken)
                ?? throw new BadInputException($"build '{build.Name}': image '{build.Image}' does not exist; pull or build it first.");
            return (existing.Id, false);
        }
        var recipe = RecipeHash(debian);
        var current = await docker.InspectImageAsync(build.Image, cancellationToken);
        if (current is not null && current.Labels.TryGetValue(RecipeLabel, out var label) && label == recipe) return (current.Id, false);

        progress?.Invoke($"{build.Name}: mmdebstrap {debian.Suite} with {string.Join(' ', debian.Packages)}");
        string? imageId = null;
        var result = await HostCommand.RunStreamingAsync("mmdebstrap", MmdebstrapArguments(debian),
            async (tarball, ct) => imageId = await docker.ImportImageAsync(tarball, "mh-build", build.Name,
                new Dictionary<string, string> { [RecipeLabel] = recipe, [HarnessLabels.Build] = build.Name }, ct),
            line => { if (line.StartsWith("I: ", StringComparison.Ordinal)) progress?.Invoke($"{build.Name}: {line[3..]}"); },
            BuildTimeout, cancellationToken);
        if (!result.Succeeded)
        {
            var tail = string.Join('\n', result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(5));
            throw new InfrastructureException($"mmdebstrap for build '{build.Name}' failed (exit {result.ExitCode}); is the mirror reachable?\n{tail}");
        }
        // The image this one replaces is ours (it carried the recipe label): drop it rather than leave it dangling.
        if (current is not null && current.Id != imageId && current.Labels.ContainsKey(HarnessLabels.Build))
        {
            try { await docker.RemoveImageAsync(current.Id, cancellationToken); }
            catch (DockerEngineException) { /* still used by a container: harmless */ }
        }
        return (imageId!, true);
    }

    public static IReadOnlyList<string> MmdebstrapArguments(BuildSource.Debian debian) =>
    [
        "--variant=minbase",
        "--include=" + string.Join(',', debian.Packages),
        "--aptopt=APT::Install-Recommends \"false\"",
        // sid's Release files may carry a Valid-Until already past on mirrors and snapshots.
        "--aptopt=Acquire::Check-Valid-Until \"false\"",
        "--dpkgopt=path-exclude=/usr/share/doc/*",
        "--dpkgopt=path-exclude=/usr/share/man/*",
        "--dpkgopt=path-exclude=/usr/share/locale/*",
        "--dpkgopt=path-exclude=/usr/share/info/*",
        debian.Suite, "-", debian.Mirror,
        // Appended after the main mirror (as one-line sources entries) so builds without extra suites keep
        // their arguments, and so their recipe hash and image.
        .. debian.ExtraSuites.Select(suite => $"deb {debian.Mirror} {suite} main"),
    ];

    private static string RecipeHash(BuildSource.Debian debian) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', MmdebstrapArguments(debian)))))[..16];
}
