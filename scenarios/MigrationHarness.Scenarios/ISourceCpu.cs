using MigrationHarness.Configs;

namespace MigrationHarness.Scenarios;

/// <summary>
/// The running source's vCPU as a management stack reads it before migrating: every feature it
/// has, on or off, as the source's QEMU reports it after its accelerator filtered what it cannot give.
/// </summary>
public interface ISourceCpu : ICpuAliases
{
    /// <summary>Every CPU feature the source's QEMU names, with what the source's vCPU has: on (optional) or off (disable).</summary>
    Task<IReadOnlyList<CpuFeature>> ExpandedFeaturesAsync(CancellationToken cancellationToken = default);
}
