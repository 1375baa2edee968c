using System.Buffers.Binary;
using System.Collections.Immutable;

namespace MigrationHarness.Guest;

/// <summary>
/// The machine as the guest's BSP read it at one refresh generation: PCI configuration space of
/// every function on bus 0, and the platform registers (CMOS RAM, fixed I/O ports, PIT status,
/// IOAPIC and HPET registers, fw_cfg's signature).
/// </summary>
public sealed record GuestPlatform(uint Generation, ImmutableArray<GuestRegister> Registers, ImmutableArray<PciFunction> Functions)
{
    public bool Truncated { get; init; }

    /// <summary>The table at <paramref name="table"/>; null when the guest has not written it.</summary>
    public static GuestPlatform? Parse(ReadOnlySpan<byte> table)
    {
        if (table.Length < GuestLayout.PlatformSize || BinaryPrimitives.ReadUInt32LittleEndian(table) != GuestLayout.PlatformMagic) return null;
        var generation = BinaryPrimitives.ReadUInt32LittleEndian(table[8..]);
        if (generation == 0) return null;
        var functions = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(table[12..]), (uint)GuestLayout.MaxPci);
        var registers = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(table[16..]), (uint)GuestLayout.MaxRegisters);
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(table[20..]);
        var pci = ImmutableArray.CreateBuilder<PciFunction>(functions);
        for (var i = 0; i < functions; i++)
        {
            var record = table.Slice(GuestLayout.PlatformPci + i * GuestLayout.PciRecord, GuestLayout.PciRecord);
            var address = BinaryPrimitives.ReadUInt32LittleEndian(record);
            pci.Add(new PciFunction((int)(address >> 3) & 0x1F, (int)address & 7, [.. record[4..]]));
        }
        return new GuestPlatform(generation, GuestRegister.ParseList(table[GuestLayout.SlotRegisters..], registers), pci.MoveToImmutable())
        {
            Truncated = (flags & 3) != 0,
        };
    }
}
