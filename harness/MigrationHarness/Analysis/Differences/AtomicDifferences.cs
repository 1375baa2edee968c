using MigrationHarness.Abi;

namespace MigrationHarness.Analysis.Differences;

/// <summary>
/// Splits a hop's differences (QMP aspects and the guest's own reads, possibly the same change seen
/// twice and on every vCPU) into <see cref="AtomicDifference"/>s, one per subject: a CPUID register
/// becomes its named fields and features, a per-vCPU register loses its APIC ID, an indexed aspect
/// ("vcpu 003 topology", "memory-device dimm1") its index.
/// </summary>
public static class AtomicDifferences
{
    public static IReadOnlyList<AtomicDifference> Of(IEnumerable<AbiDifference> differences)
    {
        var atoms = new List<AtomicDifference>();
        foreach (var difference in differences)
        {
            var aspect = difference.Typed;
            switch (aspect)
            {
                case { Kind: AbiAspectKind.CpuidRegister, Cpuid: { Register: { } register } address }:
                    CpuidAspect.TryValue(difference.Source ?? "0x0", out var a);
                    CpuidAspect.TryValue(difference.Destination ?? "0x0", out var b);
                    foreach (var change in CpuidChange.Between(address.Leaf, address.Subleaf, register, a, b))
                    {
                        var feature = change.From is null && change.To is null && change.What.Length > 1 && change.What[0] is '+' or '-' ? change.What[1..] : null;
                        atoms.Add(new AtomicDifference(change.Identity, change.ToString())
                        {
                            Leaf = address.Leaf, Subleaf = address.Subleaf, Register = register, Feature = feature, Gained = change.What.StartsWith('+'),
                        });
                    }
                    break;
                case { Kind: AbiAspectKind.CpuidLeafPresence, Cpuid: { } leaf }:
                    atoms.Add(new AtomicDifference($"CPUID leaf {leaf.Leaf:X}.{leaf.Subleaf:X} {(difference.Source is null ? "appeared" : "gone")}", difference.Detail)
                    {
                        Leaf = leaf.Leaf, Subleaf = leaf.Subleaf,
                    });
                    break;
                case { Kind: AbiAspectKind.GuestVcpuRegister }:
                {
                    // A per-vCPU register: "msr 0x277 IA32_PAT", "xcr0", "cr4", "lapic 0x350 LVT LINT0".
                    var valueOnly = difference.Source is not (null or "absent") && difference.Destination is not (null or "absent");
                    var how = valueOnly ? "value" : difference.Source is null or "absent" ? "appeared" : "gone";
                    atoms.Add(new AtomicDifference($"{aspect.Subject} {how}", difference.Detail) { GuestRegister = aspect.Subject, ValueOnly = valueOnly });
                    break;
                }
                case { Kind: AbiAspectKind.CpuProperty }:
                    atoms.Add(new AtomicDifference(aspect.Text, difference.Detail) { CpuProperty = aspect.Subject });
                    break;
                case { Kind: AbiAspectKind.GuestPlatform }:
                {
                    // Platform registers and PCI configuration: the guest reads them once, on the BSP.
                    var valueOnly = difference.Source is not null && difference.Destination is not null;
                    atoms.Add(new AtomicDifference(aspect.Subject + (valueOnly ? " value" : difference.Source is null ? " appeared" : " gone"), difference.Detail)
                    {
                        GuestRegister = aspect.Subject, ValueOnly = valueOnly,
                    });
                    break;
                }
                default:
                    atoms.Add(new AtomicDifference(aspect.Identity, difference.ToString()));
                    break;
            }
        }
        // The same change seen by QMP and by the guest, or on every vCPU, is one difference.
        return atoms.GroupBy(a => a.Subject, StringComparer.Ordinal).Select(g => g.First()).ToArray();
    }


}
