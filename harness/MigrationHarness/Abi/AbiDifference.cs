using System.Globalization;
using System.Text.Json.Serialization;
using MigrationHarness.Configs.Cpu;

namespace MigrationHarness.Abi;

/// <summary>One aspect that differs between source and destination, with CPUID bits named.</summary>
public sealed record AbiDifference(string Aspect, string? Source, string? Destination, string Detail)
{
    /// <summary>The aspect's parts: its kind, vCPU, CPUID register, identity.</summary>
    [JsonIgnore]
    public AbiAspect Typed => AbiAspect.Parse(Aspect);

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
        if (AbiAspect.Parse(aspect) is { Kind: AbiAspectKind.CpuidRegister, FromGuest: false, Cpuid: { Register: { } register } address }
            && CpuidAspect.TryValue(source, out var a) && CpuidAspect.TryValue(destination, out var b))
        {
            var (leaf, subleaf) = (address.Leaf, address.Subleaf);
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


    public static bool TryValue(string? text, out uint value)
    {
        value = 0;
        return text is not null && text.StartsWith("0x", StringComparison.Ordinal)
               && uint.TryParse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value);
    }
}
