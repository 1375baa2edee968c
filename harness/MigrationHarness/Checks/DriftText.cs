using MigrationHarness.Abi;

namespace MigrationHarness.Checks;

/// <summary>
/// Differences as lines a maintainer reads: CPUID ones decoded and grouped across vCPUs and
/// subleaves; the guest's other per-vCPU differences (MSRs, APIC registers, leaves gained or lost)
/// grouped across vCPUs when they are the same change; the rest as they are.
/// </summary>
public static class DriftText
{
    public static IReadOnlyList<string> Of(IReadOnlyList<AbiDifference> differences)
    {
        var typed = differences.Select(d => (Difference: d, Aspect: d.Typed)).Where(x => x.Aspect.Kind != AbiAspectKind.CpuidRegister).ToArray();
        var perVcpu = typed.Where(x => x.Aspect.ApicId is not null)
            .GroupBy(x => (What: x.Aspect.Subject, x.Difference.Source, x.Difference.Destination, x.Difference.Detail))
            .Select(g =>
            {
                var apics = g.Select(x => x.Aspect.ApicId!.Value).Distinct().Order().ToArray();
                return $"{g.Key.What}: {g.Key.Detail}, {(apics.Length == 1 ? $"APIC {apics[0]}" : $"{apics.Length} vCPUs")}";
            });
        return
        [
            .. CpuidDrift.Decode(differences).Select(g => g.ToString()),
            .. perVcpu,
            .. typed.Where(x => x.Aspect.ApicId is null).Select(x => x.Difference.ToString()),
        ];
    }
}
