namespace MigrationHarness.Guest;

/// <summary>One CPUID result as the guest saw it.</summary>
public sealed record CpuidEntry(uint Leaf, uint Subleaf, uint Eax, uint Ebx, uint Ecx, uint Edx);
