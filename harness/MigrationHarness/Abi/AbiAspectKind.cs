namespace MigrationHarness.Abi;

/// <summary>What an ABI aspect names: the kinds the fingerprint, the guest's reads and the analysis share.</summary>
public enum AbiAspectKind
{
    /// <summary>A CPUID register, from QMP's feature words ("cpuid 7.0 EBX") or the guest's dump on one vCPU.</summary>
    CpuidRegister,
    /// <summary>A CPUID leaf present on one side only ("cpuid-leaf 1F.0").</summary>
    CpuidLeafPresence,
    /// <summary>Another per-vCPU register the guest read ("guest apic 3 msr 0x277 IA32_PAT").</summary>
    GuestVcpuRegister,
    /// <summary>Which vCPUs the guest found, by APIC ID ("guest vcpu apic 3").</summary>
    GuestVcpuNumbering,
    /// <summary>A platform register or PCI configuration the guest read once ("guest pci 00:1f.0 ...").</summary>
    GuestPlatform,
    /// <summary>A QOM property of the vCPU ("cpu l3-cache").</summary>
    CpuProperty,
    /// <summary>One vCPU's place in the topology ("vcpu 003 topology").</summary>
    VcpuTopology,
    MemoryDevice,
    Memdev,
    NumaNode,
    MachineType,
    Other,
}
