using MigrationHarness.Configs;
using MigrationHarness.Qemu;

namespace MigrationHarness.Runner;

/// <summary>
/// Faults planted into a case on purpose, to prove the oracles catch them. Empty in campaigns.
/// </summary>
public sealed record CaseFaults
{
    public static readonly CaseFaults None = new();

    /// <summary>The destination starts with this config instead of the source's (e.g. one CPU feature more).</summary>
    public Func<VmConfig, VmConfig>? DestinationConfig { get; init; }

    /// <summary>Called once the outgoing migration is active: kill or freeze a side here.</summary>
    public Func<QemuInstance, QemuInstance, Task>? DuringMigration { get; init; }

    /// <summary>Called on the destination after migration, before it is read (it is still paused).</summary>
    public Func<QemuInstance, Task>? BeforeDestinationCheck { get; init; }

    /// <summary>Caps the migration speed (bytes per second) so a fault can land while it runs.</summary>
    public long? MaxBandwidth { get; init; }

    /// <summary>Backs guest RAM with a file on the shared volume (so a test can alter it); each side has its own file.</summary>
    public bool RamOnFile { get; init; }

    /// <summary>Migration capabilities turned on on both sides (e.g. <c>x-ignore-shared</c>, so shared RAM is never sent).</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];
}
