using System.Globalization;
using System.Text.RegularExpressions;
using MigrationHarness.Abi;

namespace MigrationHarness.Checks;

/// <summary>
/// Differences as lines a maintainer reads: CPUID ones decoded and grouped across vCPUs and
/// subleaves; the guest's other per-vCPU differences (MSRs, APIC registers, leaves gained or lost)
/// grouped across vCPUs when they are the same change; the rest as they are.
/// </summary>
public static partial class DriftText
{
    public static IReadOnlyList<string> Of(IReadOnlyList<AbiDifference> differences)
    {
        var perVcpu = differences.Where(d => !IsCpuid(d.Aspect) && ApicOf(d.Aspect) is not null)
            .GroupBy(d => (What: GuestAspect().Match(d.Aspect).Groups[2].Value is { Length: > 0 } what ? what : "vcpu", d.Source, d.Destination, d.Detail))
            .Select(g =>
            {
                var apics = g.Select(d => ApicOf(d.Aspect)!.Value).Distinct().Order().ToArray();
                return $"{g.Key.What}: {g.Key.Detail}, {(apics.Length == 1 ? $"APIC {apics[0]}" : $"{apics.Length} vCPUs")}";
            });
        return
        [
            .. CpuidDrift.Decode(differences).Select(g => g.ToString()),
            .. perVcpu,
            .. differences.Where(d => !IsCpuid(d.Aspect) && ApicOf(d.Aspect) is null).Select(d => d.ToString()),
        ];
    }

    /// <summary>Whether an aspect is a CPUID register (QMP's feature words or the guest's own dump).</summary>
    public static bool IsCpuid(string aspect) => aspect.StartsWith("cpuid ", StringComparison.Ordinal) || (aspect.StartsWith("guest apic ", StringComparison.Ordinal) && aspect.Contains(" cpuid ", StringComparison.Ordinal));

    /// <summary>The APIC ID of a per-vCPU guest aspect ("guest apic 3 msr 0x277 IA32_PAT"); null for any other.</summary>
    public static uint? ApicOf(string aspect)
    {
        var match = GuestAspect().Match(aspect);
        return match.Success ? uint.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"^guest (?:vcpu )?apic (\d+)(?: (.+))?$")]
    private static partial Regex GuestAspect();
}
