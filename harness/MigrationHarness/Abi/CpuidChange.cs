using MigrationHarness.Configs.Cpu;

namespace MigrationHarness.Abi;

/// <summary>
/// One decoded change of a CPUID register: a named field with its two values, a named feature
/// gained or lost, or bits nobody names. <see cref="Identity"/> is what stays the same for the same
/// bug whatever the vCPU, the values or the host: the location and the name (and a feature's sign).
/// </summary>
public sealed record CpuidChange(uint Leaf, uint Subleaf, CpuidRegister Register, string Location, string What, string? From, string? To)
{
    public string Identity => From is null && To is null ? $"{Location} {What}" : $"{Location} ({What})";

    public override string ToString() => From is null && To is null ? $"{Location} {What}" : $"{Location} ({What}): {From} → {To}";

    /// <summary>Every change between two values of one register, fields first, then features, then unnamed bits.</summary>
    public static IReadOnlyList<CpuidChange> Between(uint leaf, uint subleaf, CpuidRegister register, uint source, uint destination)
    {
        var changes = new List<CpuidChange>();
        var differing = source ^ destination;
        var leafName = CpuidFieldTable.LeafName(leaf);
        var reg = register.ToString().ToUpperInvariant();
        foreach (var field in CpuidFieldTable.For(leaf, subleaf, register))
        {
            if ((differing & field.Mask) == 0) continue;
            differing &= ~field.Mask;
            changes.Add(new CpuidChange(leaf, subleaf, register, field.Location, field.Name, Value(field.Extract(source)), Value(field.Extract(destination))));
        }
        foreach (var bit in CpuidFeatureTable.All.Where(b => b.Leaf == leaf && b.Subleaf == subleaf && b.Register == register && (differing & (1u << b.Bit)) != 0))
        {
            differing &= ~(1u << bit.Bit);
            var gained = (destination & (1u << bit.Bit)) != 0;
            changes.Add(new CpuidChange(leaf, subleaf, register, $"CPUID.{leafName}:{reg}[{bit.Bit}]", (gained ? "+" : "-") + bit.Name, null, null));
        }
        if (differing != 0)
            changes.Add(new CpuidChange(leaf, subleaf, register, $"CPUID.{leafName}:{reg}", $"bits 0x{differing:X8}",
                $"0x{source & differing:X8}", $"0x{destination & differing:X8}"));
        return changes;
    }

    private static string Value(uint value) => value < 10 ? $"{value}" : $"{value} (0x{value:X})";
}
