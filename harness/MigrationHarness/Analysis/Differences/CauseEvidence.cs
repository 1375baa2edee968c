using MigrationHarness.Abi;
using MigrationHarness.Configs;

namespace MigrationHarness.Analysis.Differences;

/// <summary>
/// What QEMU reported about one hop, on both builds, same host, same accelerator: what each side's
/// accelerator filtered from the vCPU, the CPU vendor, and the vCPU's QOM properties that differ.
/// </summary>
public sealed record CauseEvidence(
    string Accelerator,
    string SourceBuild, QemuVersion SourceVersion,
    string DestinationBuild, QemuVersion DestinationVersion)
{
    public IReadOnlyList<string> SourceFiltered { get; init; } = [];
    public IReadOnlyList<string> DestinationFiltered { get; init; } = [];

    /// <summary>The vCPU's vendor string as QMP reports it ("GenuineIntel", "AuthenticAMD"), if read.</summary>
    public string? Vendor { get; init; }

    /// <summary>The vCPU's non-feature QOM properties that differ between the two sides (a compat property that moved).</summary>
    public IReadOnlyList<PropertyDifference> CpuProperties { get; init; } = [];

    /// <summary>The RAM blocks of guest memory the source's config makes (<see cref="Causes.GuestRamBlocks"/>).</summary>
    public int RamBlocks { get; init; } = 1;
}
