using System.Collections.Immutable;

namespace MigrationHarness.Checks;

/// <summary>The checks every hop runs, in the order they read (a check reading the running destination waits for the guest, so progress comes first).</summary>
public static class CheckRegistry
{
    public static readonly ImmutableArray<ICheck> All =
    [
        new QmpFingerprintCheck(),
        new GuestMemoryCheck(),
        new GuestProgressCheck(),
        new GuestVcpuCheck(),
        new GuestPlatformCheck(),
    ];
}
