using MigrationHarness.Configs.Cpu;

namespace MigrationHarness.Abi;

/// <summary>
/// A multi-bit field of a CPUID register (bits <see cref="Low"/>..<see cref="High"/>), as the
/// Intel SDM and AMD APM name it; <see cref="Subleaf"/> null means every subleaf of the leaf.
/// </summary>
public sealed record CpuidField(uint Leaf, uint? Subleaf, CpuidRegister Register, int Low, int High, string Name)
{
    public uint Mask => (High - Low == 31 ? uint.MaxValue : ((1u << (High - Low + 1)) - 1)) << Low;

    public uint Extract(uint value) => (value & Mask) >> Low;

    public bool AppliesTo(uint leaf, uint subleaf, CpuidRegister register) => Leaf == leaf && Register == register && (Subleaf is null || Subleaf == subleaf);

    /// <summary>The SDM spelling, e.g. <c>CPUID.04H:EAX[31:26]</c>.</summary>
    public string Location => $"CPUID.{CpuidFieldTable.LeafName(Leaf)}:{Register.ToString().ToUpperInvariant()}[{(High == Low ? $"{Low}" : $"{High}:{Low}")}]";
}
