using System.Collections.Frozen;

namespace MigrationHarness.Guest;

/// <summary>
/// Names for the registers the guest reads, as the SDMs, AMD's APM and QEMU's sources spell them,
/// so a difference reads "msr 0x277 IA32_PAT" rather than a bare number.
/// </summary>
public static class GuestRegisterNames
{
    public static string Of(GuestRegisterKind kind, uint index) => kind switch
    {
        GuestRegisterKind.Msr or GuestRegisterKind.MsrAbsent => Named("msr", $"0x{index:X}", Msr(index)),
        GuestRegisterKind.LocalApic => Named("lapic", $"0x{index:X3}", LocalApic.GetValueOrDefault(index)),
        GuestRegisterKind.Control => index switch { 0x10 => "xcr0", _ => $"cr{index}" },
        GuestRegisterKind.Refused => $"refused enables, {RefusedEnables.Register(index)}",
        GuestRegisterKind.Cmos => Named("cmos", $"0x{index:X2}", Cmos(index)),
        GuestRegisterKind.Port8 or GuestRegisterKind.Port16 or GuestRegisterKind.Port32 => Named("port", $"0x{index:X}", Ports.GetValueOrDefault(index)),
        GuestRegisterKind.IoApic => Named("ioapic", $"0x{index:X2}", IoApic(index)),
        GuestRegisterKind.Hpet => Named("hpet", $"0x{index:X3}", Hpet(index)),
        GuestRegisterKind.FwCfg => Named("fw_cfg", $"0x{index:X}", index switch { 0 => "signature", 1 => "id (features)", _ => null }),
        GuestRegisterKind.PitStatus => $"pit channel {index} status",
        _ => $"register kind {(uint)kind} 0x{index:X}",
    };

    private static string Named(string kind, string number, string? name) => name is null ? $"{kind} {number}" : $"{kind} {number} {name}";

    public static string? Msr(uint index) => index switch
    {
        >= 0x200 and <= 0x20F => $"IA32_MTRR_PHYS{((index & 1) == 0 ? "BASE" : "MASK")}{(index - 0x200) / 2}",
        >= 0x400 and <= 0x47F => $"IA32_MC{(index - 0x400) / 4}_{((index - 0x400) % 4) switch { 0 => "CTL", 1 => "STATUS", 2 => "ADDR", _ => "MISC" }}",
        >= 0x480 and <= 0x491 => VmxNames[(int)(index - 0x480)],
        >= 0x40000090 and <= 0x4000009F => $"HV_X64_MSR_SINT{index - 0x40000090}",
        _ => MsrNames.GetValueOrDefault(index),
    };

    private static readonly string[] VmxNames =
    [
        "IA32_VMX_BASIC", "IA32_VMX_PINBASED_CTLS", "IA32_VMX_PROCBASED_CTLS", "IA32_VMX_EXIT_CTLS", "IA32_VMX_ENTRY_CTLS", "IA32_VMX_MISC",
        "IA32_VMX_CR0_FIXED0", "IA32_VMX_CR0_FIXED1", "IA32_VMX_CR4_FIXED0", "IA32_VMX_CR4_FIXED1", "IA32_VMX_VMCS_ENUM", "IA32_VMX_PROCBASED_CTLS2",
        "IA32_VMX_EPT_VPID_CAP", "IA32_VMX_TRUE_PINBASED_CTLS", "IA32_VMX_TRUE_PROCBASED_CTLS", "IA32_VMX_TRUE_EXIT_CTLS", "IA32_VMX_TRUE_ENTRY_CTLS", "IA32_VMX_VMFUNC",
    ];

    private static readonly FrozenDictionary<uint, string> MsrNames = new Dictionary<uint, string>
    {
        [0x11] = "MSR_KVM_WALL_CLOCK", [0x12] = "MSR_KVM_SYSTEM_TIME", [0x1B] = "IA32_APIC_BASE", [0x3A] = "IA32_FEATURE_CONTROL",
        [0x3B] = "IA32_TSC_ADJUST", [0x48] = "IA32_SPEC_CTRL", [0x8B] = "IA32_BIOS_SIGN_ID", [0xCE] = "MSR_PLATFORM_INFO",
        [0xCF] = "IA32_CORE_CAPABILITIES", [0xE1] = "IA32_UMWAIT_CONTROL", [0xFE] = "IA32_MTRRCAP", [0x10A] = "IA32_ARCH_CAPABILITIES",
        [0x140] = "MSR_MISC_FEATURES_ENABLES", [0x174] = "IA32_SYSENTER_CS", [0x175] = "IA32_SYSENTER_ESP", [0x176] = "IA32_SYSENTER_EIP",
        [0x179] = "IA32_MCG_CAP", [0x17A] = "IA32_MCG_STATUS", [0x17B] = "IA32_MCG_CTL", [0x1A0] = "IA32_MISC_ENABLE", [0x1C4] = "IA32_XFD",
        [0x1D9] = "IA32_DEBUGCTL", [0x250] = "IA32_MTRR_FIX64K_00000", [0x258] = "IA32_MTRR_FIX16K_80000", [0x259] = "IA32_MTRR_FIX16K_A0000",
        [0x268] = "IA32_MTRR_FIX4K_C0000", [0x269] = "IA32_MTRR_FIX4K_C8000", [0x26A] = "IA32_MTRR_FIX4K_D0000", [0x26B] = "IA32_MTRR_FIX4K_D8000",
        [0x26C] = "IA32_MTRR_FIX4K_E0000", [0x26D] = "IA32_MTRR_FIX4K_E8000", [0x26E] = "IA32_MTRR_FIX4K_F0000", [0x26F] = "IA32_MTRR_FIX4K_F8000",
        [0x277] = "IA32_PAT", [0x2FF] = "IA32_MTRR_DEF_TYPE", [0x345] = "IA32_PERF_CAPABILITIES", [0x38D] = "IA32_FIXED_CTR_CTRL",
        [0x38F] = "IA32_PERF_GLOBAL_CTRL", [0x6E0] = "IA32_TSC_DEADLINE", [0xD90] = "IA32_BNDCFGS", [0xDA0] = "IA32_XSS",
        [0xC0000080] = "IA32_EFER", [0xC0000081] = "STAR", [0xC0000082] = "LSTAR", [0xC0000083] = "CSTAR", [0xC0000084] = "SFMASK",
        [0xC0000100] = "FS_BASE", [0xC0000101] = "GS_BASE", [0xC0000102] = "KERNEL_GS_BASE", [0xC0000103] = "TSC_AUX",
        [0xC0010010] = "SYSCFG", [0xC0010015] = "HWCR", [0xC0010114] = "VM_CR", [0xC0010117] = "VM_HSAVE_PA", [0xC001011F] = "VIRT_SPEC_CTRL",
        [0xC0010140] = "OSVW_ID_LENGTH", [0xC0010141] = "OSVW_STATUS", [0xC0011029] = "DE_CFG",
        [0x4B564D00] = "MSR_KVM_WALL_CLOCK_NEW", [0x4B564D01] = "MSR_KVM_SYSTEM_TIME_NEW", [0x4B564D02] = "MSR_KVM_ASYNC_PF_EN",
        [0x4B564D03] = "MSR_KVM_STEAL_TIME", [0x4B564D04] = "MSR_KVM_PV_EOI_EN", [0x4B564D05] = "MSR_KVM_POLL_CONTROL",
        [0x4B564D06] = "MSR_KVM_ASYNC_PF_INT", [0x4B564D07] = "MSR_KVM_ASYNC_PF_ACK", [0x4B564D08] = "MSR_KVM_MIGRATION_CONTROL",
        [0x40000000] = "HV_X64_MSR_GUEST_OS_ID", [0x40000001] = "HV_X64_MSR_HYPERCALL", [0x40000002] = "HV_X64_MSR_VP_INDEX",
        [0x40000080] = "HV_X64_MSR_SCONTROL", [0x40000081] = "HV_X64_MSR_SVERSION", [0x40000082] = "HV_X64_MSR_SIEFP", [0x40000083] = "HV_X64_MSR_SIMP",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<uint, string> LocalApic = new Dictionary<uint, string>
    {
        [0x20] = "ID", [0x30] = "version", [0x80] = "TPR", [0xD0] = "LDR", [0xE0] = "DFR", [0xF0] = "SVR", [0x320] = "LVT timer",
        [0x330] = "LVT thermal", [0x340] = "LVT performance", [0x350] = "LVT LINT0", [0x360] = "LVT LINT1", [0x370] = "LVT error",
        [0x380] = "timer initial count", [0x3E0] = "timer divide",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<uint, string> Ports = new Dictionary<uint, string>
    {
        [0x21] = "PIC1 IMR", [0xA1] = "PIC2 IMR", [0x4D0] = "ELCR1", [0x4D1] = "ELCR2", [0x92] = "system control A (A20)",
        [0x602] = "ACPI PM1 enable", [0x604] = "ACPI PM1 control", [0x628] = "ICH9 GPE0 enable (low)", [0x62C] = "ICH9 GPE0 enable (high)",
        [0xAFE2] = "PIIX4 GPE0 enable",
    }.ToFrozenDictionary();

    private static string? Cmos(uint index) => index switch
    {
        0x0E => "diagnostic status", 0x0F => "shutdown status", 0x10 => "floppy types", 0x12 => "hard disk types", 0x14 => "equipment",
        0x15 or 0x16 => "base memory", 0x17 or 0x18 => "extended memory", 0x30 or 0x31 => "extended memory (POST)",
        0x32 => "century", 0x34 or 0x35 => "memory above 16 MiB", 0x38 or 0x3D => "boot order", 0x5B or 0x5C or 0x5D => "memory above 4 GiB",
        0x5F => "vCPUs - 1", >= 0x78 and <= 0x7F => "guest signature",
        _ => null,
    };

    private static string? IoApic(uint index) => index switch
    {
        0 => "ID", 1 => "version", 2 => "arbitration",
        >= 0x10 and <= 0x3F => $"redirection {(index - 0x10) / 2} {((index & 1) == 0 ? "low" : "high")}",
        _ => null,
    };

    private static string? Hpet(uint offset) => offset switch
    {
        0x000 => "capabilities", 0x004 => "counter period", 0x010 => "configuration",
        >= 0x100 and <= 0x3FF => $"timer {(offset - 0x100) / 0x20} {((offset & 0x1F) switch { 0 => "configuration", 4 => "interrupt routes", 8 => "comparator", _ => "register" })}",
        _ => null,
    };
}
