namespace MigrationHarness.Guest;

/// <summary>What a register entry of the guest's view is (the numbers are the guest's, see guest.asm).</summary>
public enum GuestRegisterKind : uint
{
    /// <summary>An MSR RDMSR read.</summary>
    Msr = 1,
    /// <summary>An MSR whose RDMSR faulted: the vCPU does not have it.</summary>
    MsrAbsent = 2,
    /// <summary>A local APIC register, by offset.</summary>
    LocalApic = 3,
    /// <summary>CR0, CR3, CR4 (by number) or XCR0 (0x10).</summary>
    Control = 4,
    /// <summary>Bits a guarded enable asked for and the CPU refused, by register (0 CR0, 4 CR4, 0x10 XCR0, 0xC0000080 EFER, 1 paging).</summary>
    Refused = 5,
    /// <summary>A byte of CMOS RAM, by index.</summary>
    Cmos = 16,
    Port8 = 17,
    Port16 = 18,
    Port32 = 19,
    /// <summary>An IOAPIC register, by index.</summary>
    IoApic = 20,
    /// <summary>An HPET register, by offset.</summary>
    Hpet = 21,
    /// <summary>The first four bytes of a fw_cfg item, by key.</summary>
    FwCfg = 22,
    /// <summary>A PIT channel's status byte without its output and null-count bits, by channel.</summary>
    PitStatus = 23,
}
