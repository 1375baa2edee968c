using MigrationHarness.Configs.Cpu;

namespace MigrationHarness.Analysis.Differences;

/// <summary>
/// One thing that differs, no longer a combination: a CPUID field or feature (with its sign), a
/// CPUID leaf gained or lost, an MSR or other guest register, a QMP aspect (a CPU property, the
/// topology, a memory device), a PCI or platform register. <see cref="Subject"/> is what stays the
/// same for the same difference whatever the vCPU, the values or the host; <see cref="Detail"/>
/// has the values.
/// </summary>
public sealed record AtomicDifference(string Subject, string Detail)
{
    /// <summary>For a CPUID difference: the leaf and register it lies in.</summary>
    public uint? Leaf { get; init; }
    public uint? Subleaf { get; init; }
    public CpuidRegister? Register { get; init; }

    /// <summary>For a feature gained or lost: QEMU's feature name, and whether the destination has it.</summary>
    public string? Feature { get; init; }
    public bool Gained { get; init; }

    /// <summary>For a QMP CPU property aspect ("cpu family") or a QOM property difference: the property's name.</summary>
    public string? CpuProperty { get; init; }

    /// <summary>For a guest register: the register's name as the guest records it ("msr 0x277 IA32_PAT", "xcr0", "cr4").</summary>
    public string? GuestRegister { get; init; }

    /// <summary>For a guest register: whether only its value changed (present on both sides).</summary>
    public bool ValueOnly { get; init; }

    public override string ToString() => $"{Subject}: {Detail}";
}
