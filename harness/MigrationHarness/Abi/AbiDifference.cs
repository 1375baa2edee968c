using System.Globalization;
using MigrationHarness.Configs.Cpu;

namespace MigrationHarness.Abi;

/// <summary>One aspect that differs between source and destination, with CPUID bits named.</summary>
public sealed record AbiDifference(string Aspect, string? Source, string? Destination, string Detail)
{
    public override string ToString() => $"{Aspect}: {Detail}";

    public static IReadOnlyList<AbiDifference> Between(AbiFingerprint source, AbiFingerprint destination)
    {
        var differences = new List<AbiDifference>();
        foreach (var aspect in source.Aspects.Keys.Union(destination.Aspects.Keys).Order(StringComparer.Ordinal))
        {
            var a = source.Aspects.GetValueOrDefault(aspect);
            var b = destination.Aspects.GetValueOrDefault(aspect);
            if (a == b) continue;
            differences.Add(new AbiDifference(aspect, a, b, Describe(aspect, a, b)));
        }
        return differences;
    }

    /// <summary>For a CPUID register aspect ("cpuid 7.0 EBX"), the features gained and lost; otherwise both values.</summary>
    public static string Describe(string aspect, string? source, string? destination)
    {
        if (CpuidAspect.TryParse(aspect, out var leaf, out var subleaf, out var register)
            && CpuidAspect.TryValue(source, out var a) && CpuidAspect.TryValue(destination, out var b))
        {
            var gained = CpuidFeatureTable.Decode(leaf, subleaf, register, b & ~a).Select(n => "+" + n);
            var lost = CpuidFeatureTable.Decode(leaf, subleaf, register, a & ~b).Select(n => "-" + n);
            var named = gained.Concat(lost).ToArray();
            var unnamed = (a ^ b) & ~CpuidFeatureTable.All.Where(f => f.Leaf == leaf && f.Subleaf == subleaf && f.Register == register)
                .Aggregate(0u, (mask, f) => mask | (1u << f.Bit));
            var text = string.Join(' ', named);
            if (unnamed != 0) text = (text + $" (other bits 0x{unnamed:X8})").Trim();
            return $"{text}; 0x{a:X8} → 0x{b:X8}";
        }
        return $"{source ?? "(absent)"} → {destination ?? "(absent)"}";
    }
}

/// <summary>The spelling of CPUID aspects shared by the QMP fingerprint and the guest's own dump.</summary>
public static class CpuidAspect
{
    public static string Name(uint leaf, uint subleaf, CpuidRegister register) =>
        $"cpuid {leaf:X}.{subleaf:X} {register.ToString().ToUpperInvariant()}";

    public static string Value(uint value) => $"0x{value:X8}";

    public static bool TryParse(string aspect, out uint leaf, out uint subleaf, out CpuidRegister register)
    {
        leaf = subleaf = 0;
        register = default;
        var parts = aspect.Split(' ');
        if (parts.Length < 3 || parts[0] != "cpuid") return false;
        var ids = parts[1].Split('.');
        return ids.Length == 2
               && uint.TryParse(ids[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out leaf)
               && uint.TryParse(ids[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out subleaf)
               && Enum.TryParse(parts[2], ignoreCase: true, out register);
    }

    public static bool TryValue(string? text, out uint value)
    {
        value = 0;
        return text is not null && text.StartsWith("0x", StringComparison.Ordinal)
               && uint.TryParse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value);
    }
}
