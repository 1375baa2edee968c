namespace MigrationHarness.Guest;

/// <summary>Where the guest keeps what the harness reads (must match guest.asm).</summary>
public static class GuestLayout
{
    public const long Header = 0x8000;
    public const int HeaderSize = 48;
    public const uint Magic = 0x3147484D;        // 'MHG1'
    public const long TableInitial = 0x100000;
    public const long TableCurrent = 0x140000;
    public const int SlotSize = 1024;
    public const int Slots = 256;
    public const uint SlotMagic = 0x21555043;    // 'CPU!'
    public const long DirtyStart = 0x400000;
    public const long DirtyEnd = 0x600000;
    public const int PageSize = 4096;

    /// <summary>The pages across all guest RAM the guest keeps writing: a count, then 64-bit page addresses.</summary>
    public const long Targets = 0x180000;
    public const int MaxTargets = 120;

    /// <summary>The fixed ranges the guest writes besides the dirtied one: header and IDT, code, AP stacks, both CPUID tables, the target list, RAM map and page tables.</summary>
    public static readonly IReadOnlyList<(long Start, long End)> FixedRanges =
        [(0x6000, 0xA000), (0x20000, 0x30000), (0x60000, 0x70000), (TableInitial, TableCurrent + Slots * SlotSize),
         (Targets, 0x189000)];
}
