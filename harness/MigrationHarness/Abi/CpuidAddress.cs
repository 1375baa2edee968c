using System.Globalization;
using MigrationHarness.Configs.Cpu;

namespace MigrationHarness.Abi;

/// <summary>A CPUID leaf and subleaf, and the register when one is meant (null for the leaf as a whole).</summary>
public sealed record CpuidAddress(uint Leaf, uint Subleaf, CpuidRegister? Register)
{
    /// <summary>"cpuid 7.0 EBX" as an address; null for any other text.</summary>
    public static CpuidAddress? TryParseRegister(string aspect)
    {
        var parts = aspect.Split(' ');
        if (parts.Length < 3 || parts[0] != "cpuid") return null;
        var ids = parts[1].Split('.');
        return ids.Length == 2
               && uint.TryParse(ids[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var leaf)
               && uint.TryParse(ids[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var subleaf)
               && Enum.TryParse<CpuidRegister>(parts[2], ignoreCase: true, out var register)
            ? new CpuidAddress(leaf, subleaf, register)
            : null;
    }
}
