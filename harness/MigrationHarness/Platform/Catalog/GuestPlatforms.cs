using MigrationHarness.Platform;
using MigrationHarness.Checks;
using MigrationHarness.Configs;
using MigrationHarness.Platform.X86;

namespace MigrationHarness.Platform.Catalog;

/// <summary>The guest platforms this build of the harness has, by architecture: the one registration a new architecture needs.</summary>
public static class GuestPlatforms
{
    private static readonly IReadOnlyDictionary<GuestArchitecture, IGuestPlatform> ByArchitecture =
        new IGuestPlatform[] { X86Platform.Instance }.ToDictionary(p => p.Architecture);

    public static IReadOnlyCollection<GuestArchitecture> Known => [.. ByArchitecture.Keys];

    /// <summary>The platform of <paramref name="architecture"/>; one the harness has no guest for is bad input, named with those it has.</summary>
    /// <summary>The checks a case of <paramref name="architecture"/> runs: the common ones, then its platform's guest-view checks.</summary>
    public static IReadOnlyList<ICheck> ChecksFor(GuestArchitecture architecture) => [.. CheckRegistry.Common, .. For(architecture).GuestViewChecks];

    public static IGuestPlatform For(GuestArchitecture architecture) =>
        ByArchitecture.TryGetValue(architecture, out var platform) ? platform
        : throw new BadInputException($"no guest platform for {architecture}: this harness boots its guest on {string.Join(", ", Known)} only");
}
