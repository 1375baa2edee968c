using System.Globalization;
using System.Text.RegularExpressions;
using MigrationHarness.Abi;

namespace MigrationHarness.Analysis.Differences;

/// <summary>
/// Splits a hop's differences (QMP aspects and the guest's own reads, possibly the same change seen
/// twice and on every vCPU) into <see cref="AtomicDifference"/>s, one per subject: a CPUID register
/// becomes its named fields and features, a per-vCPU register loses its APIC ID, an indexed aspect
/// ("vcpu 003 topology", "memory-device dimm1") its index.
/// </summary>
public static partial class AtomicDifferences
{
    public static IReadOnlyList<AtomicDifference> Of(IEnumerable<AbiDifference> differences)
    {
        var atoms = new List<AtomicDifference>();
        foreach (var difference in differences)
        {
            var guest = GuestAspect().Match(difference.Aspect);
            var aspect = guest.Success ? guest.Groups[2].Value : difference.Aspect;
            if (CpuidAspect.TryParse(aspect, out var leaf, out var subleaf, out var register))
            {
                CpuidAspect.TryValue(difference.Source ?? "0x0", out var a);
                CpuidAspect.TryValue(difference.Destination ?? "0x0", out var b);
                foreach (var change in CpuidChange.Between(leaf, subleaf, register, a, b))
                {
                    var feature = change.From is null && change.To is null && change.What.Length > 1 && change.What[0] is '+' or '-' ? change.What[1..] : null;
                    atoms.Add(new AtomicDifference(change.Identity, change.ToString())
                    {
                        Leaf = leaf, Subleaf = subleaf, Register = register, Feature = feature, Gained = change.What.StartsWith('+'),
                    });
                }
                continue;
            }
            if (LeafPresence().Match(aspect) is { Success: true } presence)
            {
                var l = uint.Parse(presence.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                var s = uint.Parse(presence.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                atoms.Add(new AtomicDifference($"CPUID leaf {l:X}.{s:X} {(difference.Source is null ? "appeared" : "gone")}", difference.Detail) { Leaf = l, Subleaf = s });
                continue;
            }
            if (guest.Success)
            {
                // A per-vCPU register: "msr 0x277 IA32_PAT", "xcr0", "cr4", "lapic 0x350 LVT LINT0".
                var valueOnly = difference.Source is not (null or "absent") && difference.Destination is not (null or "absent");
                var how = valueOnly ? "value" : difference.Source is null or "absent" ? "appeared" : "gone";
                atoms.Add(new AtomicDifference($"{aspect} {how}", difference.Detail) { GuestRegister = aspect, ValueOnly = valueOnly });
                continue;
            }
            if (difference.Aspect.StartsWith("cpu ", StringComparison.Ordinal))
            {
                atoms.Add(new AtomicDifference(difference.Aspect, difference.Detail) { CpuProperty = difference.Aspect[4..] });
                continue;
            }
            if (difference.Aspect.StartsWith("guest ", StringComparison.Ordinal) && !difference.Aspect.StartsWith("guest vcpu apic ", StringComparison.Ordinal))
            {
                // Platform registers and PCI configuration: the guest reads them once, on the BSP.
                var platform = difference.Aspect[6..];
                var valueOnly = difference.Source is not null && difference.Destination is not null;
                atoms.Add(new AtomicDifference(platform + (valueOnly ? " value" : difference.Source is null ? " appeared" : " gone"), difference.Detail)
                {
                    GuestRegister = platform, ValueOnly = valueOnly,
                });
                continue;
            }
            atoms.Add(new AtomicDifference(Indexless(difference.Aspect), difference.ToString()));
        }
        // The same change seen by QMP and by the guest, or on every vCPU, is one difference.
        return atoms.GroupBy(a => a.Subject, StringComparer.Ordinal).Select(g => g.First()).ToArray();
    }

    /// <summary>An aspect without the index or id that only says which one: "vcpu 003 topology" → "vcpu topology".</summary>
    public static string Indexless(string aspect) => aspect switch
    {
        _ when aspect.StartsWith("vcpu ", StringComparison.Ordinal) => "vcpu topology",
        _ when aspect.StartsWith("guest vcpu apic ", StringComparison.Ordinal) => "guest vcpu numbering",
        _ when aspect.StartsWith("memory-device ", StringComparison.Ordinal) => "memory-device",
        _ when aspect.StartsWith("memdev ", StringComparison.Ordinal) => "memdev",
        _ when aspect.StartsWith("numa node ", StringComparison.Ordinal) => "numa node",
        _ => aspect,
    };

    [GeneratedRegex(@"^guest apic (\d+) (.+)$")]
    private static partial Regex GuestAspect();

    [GeneratedRegex(@"^cpuid-leaf ([0-9A-F]+)\.([0-9A-F]+)$")]
    private static partial Regex LeafPresence();
}
