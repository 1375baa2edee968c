using System.Text.RegularExpressions;

namespace MigrationHarness.Abi;

/// <summary>
/// CPUID differences as a maintainer reads them: each register difference decoded into named
/// fields and features (<see cref="CpuidChange"/>), then the same change grouped across vCPUs and
/// subleaves: "CPUID.04H:EAX[31:26] (cores per package − 1): 2 → 3, 6 vCPUs, subleaves 0–3".
/// The raw values stay in the differences themselves.
/// </summary>
public static partial class CpuidDrift
{
    /// <summary>One grouped change: what changed, on which vCPUs (APIC IDs; empty for QMP's view of the CPU) and subleaves.</summary>
    public sealed record Group(CpuidChange Change, IReadOnlyList<uint> ApicIds, IReadOnlyList<uint> Subleaves)
    {
        public override string ToString()
        {
            var where = new List<string>();
            if (HasSubleaves(Change.Leaf) || Subleaves.Any(s => s != 0))
                where.Add(Subleaves.Count == 1 ? $"subleaf {Subleaves[0]:X}" : $"subleaves {Ranges(Subleaves)}");
            if (ApicIds.Count > 0) where.Add(ApicIds.Count == 1 ? $"APIC {ApicIds[0]}" : $"{ApicIds.Count} vCPUs");
            return where.Count == 0 ? Change.ToString() : $"{Change}, {string.Join(", ", where)}";
        }
    }

    /// <summary>Groups the CPUID differences among <paramref name="differences"/> (QMP feature words or the guest's dump); others are left out.</summary>
    public static IReadOnlyList<Group> Decode(IEnumerable<AbiDifference> differences)
    {
        var changes = new List<(CpuidChange Change, uint? Apic)>();
        foreach (var difference in differences)
        {
            if (difference.Typed is not { Kind: AbiAspectKind.CpuidRegister, Cpuid: { Register: { } register } address, ApicId: var apic }) continue;
            var (leaf, subleaf) = (address.Leaf, address.Subleaf);
            CpuidAspect.TryValue(difference.Source ?? "0x0", out var a);
            CpuidAspect.TryValue(difference.Destination ?? "0x0", out var b);
            changes.AddRange(CpuidChange.Between(leaf, subleaf, register, a, b).Select(c => (c, apic)));
        }
        return changes
            .GroupBy(c => (c.Change.Leaf, c.Change.Register, c.Change.Location, c.Change.What, c.Change.From, c.Change.To))
            .Select(g => new Group(g.First().Change, g.Select(c => c.Apic).OfType<uint>().Distinct().Order().ToArray(),
                g.Select(c => c.Change.Subleaf).Distinct().Order().ToArray()))
            .OrderBy(g => g.Change.Leaf).ThenBy(g => g.Change.Register).ThenBy(g => g.Change.Location, StringComparer.Ordinal)
            .ToArray();
    }

    private static bool HasSubleaves(uint leaf) => leaf is 0x4 or 0x7 or 0xB or 0xD or 0xF or 0x10 or 0x12 or 0x14 or 0x17 or 0x18 or 0x1D or 0x1F or 0x24 or 0x8000001D;

    private static string Ranges(IReadOnlyList<uint> values)
    {
        var parts = new List<string>();
        for (var i = 0; i < values.Count;)
        {
            var j = i;
            while (j + 1 < values.Count && values[j + 1] == values[j] + 1) j++;
            parts.Add(j == i ? $"{values[i]:X}" : $"{values[i]:X}–{values[j]:X}");
            i = j + 1;
        }
        return string.Join(", ", parts);
    }
}
