namespace MigrationHarness.Guest;

/// <summary>Where the guest keeps what the harness reads (must match guest.asm).</summary>
public static class GuestLayout
{
    public const long Header = 0x8000;
    public const int HeaderSize = 64;
    public const uint Magic = 0x3147484D;        // 'MHG1'

    /// <summary>Each vCPU's view (CPUID, MSRs, control and local APIC registers), by APIC ID: at boot, and as last refreshed.</summary>
    public const long TableInitial = 0x800000;
    public const long TableCurrent = 0xC00000;
    public const int SlotSize = 0x4000;
    public const int Slots = 256;
    public const uint SlotMagic = 0x21555043;    // 'CPU!'
    public const int SlotCpuid = 0x40;
    public const int MaxCpuid = 400;
    public const int SlotRegisters = 0x2800;
    public const int MaxRegisters = 384;

    /// <summary>The platform as the BSP read it (PCI functions on bus 0, chipset registers): at boot, and as last refreshed.</summary>
    public const long PlatformInitial = 0x190000;
    public const long PlatformCurrent = 0x198000;
    public const int PlatformSize = 0x8000;
    public const uint PlatformMagic = 0x21544C50; // 'PLT!'
    public const int PlatformPci = 0x4000;
    public const int MaxPci = 62;
    public const int PciRecord = 260;

    public const long DirtyStart = 0x400000;
    public const long DirtyEnd = 0x600000;
    public const int PageSize = 4096;

    /// <summary>The pages across all guest RAM the guest keeps writing: a count, then 64-bit page addresses.</summary>
    public const long Targets = 0x180000;
    public const int MaxTargets = 120;

    /// <summary>The fixed ranges the guest writes besides the dirtied one and the view tables: header and IDT, code, AP stacks, the target list, RAM map and page tables, both platform tables.</summary>
    public static readonly IReadOnlyList<(long Start, long End)> FixedRanges =
        [(0x6000, 0xA000), (0x20000, 0x30000), (0x60000, 0x70000), (Targets, 0x189000), (PlatformInitial, PlatformCurrent + PlatformSize)];

    /// <summary>The view slots the guest's vCPUs fill: 0 to the highest APIC ID.</summary>
    public static IReadOnlyList<int> FilledSlots(uint maxApicId) => Enumerable.Range(0, (int)Math.Min(maxApicId, Slots - 1) + 1).ToArray();

    /// <summary>The part of both view tables the guest's vCPUs fill: slots 0 to the highest APIC ID.</summary>
    public static IReadOnlyList<(long Start, long End)> ViewRanges(uint maxApicId)
    {
        var length = (long)FilledSlots(maxApicId).Count * SlotSize;
        return [(TableInitial, TableInitial + length), (TableCurrent, TableCurrent + length)];
    }
}
