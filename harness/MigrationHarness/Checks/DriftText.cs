using MigrationHarness.Abi;

namespace MigrationHarness.Checks;

/// <summary>Differences as lines a maintainer reads: CPUID ones decoded and grouped across vCPUs and subleaves, the others as they are.</summary>
public static class DriftText
{
    public static IReadOnlyList<string> Of(IReadOnlyList<AbiDifference> differences) =>
    [
        .. CpuidDrift.Decode(differences).Select(g => g.ToString()),
        .. differences.Where(d => !IsCpuid(d.Aspect)).Select(d => d.ToString()),
    ];

    /// <summary>Whether an aspect is a CPUID register (QMP's feature words or the guest's own dump).</summary>
    public static bool IsCpuid(string aspect) => aspect.StartsWith("cpuid ", StringComparison.Ordinal) || (aspect.StartsWith("guest apic ", StringComparison.Ordinal) && aspect.Contains(" cpuid ", StringComparison.Ordinal));
}
