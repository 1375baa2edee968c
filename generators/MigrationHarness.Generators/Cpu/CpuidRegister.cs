namespace MigrationHarness.Configs.Cpu;

public enum CpuidRegister { Eax, Ebx, Ecx, Edx }
