using System.Collections.Immutable;

namespace MigrationHarness.Checks;

/// <summary>
/// The checks every hop runs on any architecture, in the order they read (a check reading the running
/// destination waits for the guest, so progress comes first). Each guest platform adds its own guest-view
/// checks after these (<c>IGuestPlatform.GuestViewChecks</c>); <c>GuestPlatforms.ChecksFor</c> joins them.
/// </summary>
public static class CheckRegistry
{
    public static readonly ImmutableArray<ICheck> Common =
    [
        new QmpFingerprintCheck(),
        new GuestMemoryCheck(),
        new GuestProgressCheck(),
    ];
}
