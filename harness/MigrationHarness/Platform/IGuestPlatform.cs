using MigrationHarness.Checks;
using MigrationHarness.Configs;
using MigrationHarness.Qemu;

namespace MigrationHarness.Platform;

/// <summary>
/// What the harness needs of one guest architecture: the guest firmware every case boots and how QEMU
/// loads it, and the machine types that promise forward migration. x86 is the one implementation
/// (<see cref="X86.X86Platform"/>); another architecture is a new folder next to it and one line in
/// <c>Catalog/GuestPlatforms</c>.
/// </summary>
public interface IGuestPlatform
{
    GuestArchitecture Architecture { get; }

    /// <summary>The guest firmware, as the file each container of a run finds in its workspace.</summary>
    WorkspaceFile Firmware { get; }

    /// <summary>The arguments that make QEMU boot <see cref="Firmware"/>, given where the workspace is mounted.</summary>
    IReadOnlyList<string> FirmwareArguments(string workspaceRoot);

    /// <summary>Whether a machine type is versioned (its name pins a QEMU release, so upstream promises it migrates forward).</summary>
    bool IsVersioned(string machineType);

    /// <summary>The family a machine type belongs to (<c>q35</c>, <c>i440fx</c>), which tiers and findings group by.</summary>
    string Family(string machineType);

    /// <summary>The checks that compare what this architecture's guest reads of its CPUs and platform, run after <see cref="CheckRegistry.Common"/>.</summary>
    IReadOnlyList<ICheck> GuestViewChecks { get; }
}
