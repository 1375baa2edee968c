namespace MigrationHarness.Configs.Cpu;

/// <summary>Where a named CPU feature lives in CPUID: leaf, subleaf, register and bit.</summary>
public sealed record CpuidFeatureBit(uint Leaf, uint Subleaf, CpuidRegister Register, int Bit, string Name)
{
    public override string ToString() => $"{Name} (CPUID.{Leaf:X}H.{Subleaf}:{Register.ToString().ToUpperInvariant()}[{Bit}])";
}
