using System.Buffers.Binary;

namespace MigrationHarness.Guest;

/// <summary>
/// The parts of a view slot or of the platform table that hold data, as the table's head gives them: the head itself
/// (magic, APIC ID, generation, counts, flags) and the entries up to its counts. A slot has room for 400 CPUID entries and
/// 384 registers, a vCPU fills some 80 and 170, so reading the parts moves a third of the bytes a whole slot would; and a
/// reader polling for a refresh reads heads only. Offsets are from the start of the slot or table; every length is a whole
/// number of 32-bit words, as the monitor reads them.
/// </summary>
public static class GuestTableParts
{
    /// <summary>The head: magic, APIC ID (0 for the platform), generation (written last), two counts, flags, scratch.</summary>
    public const int HeadSize = 0x40;

    private const int CpuidEntrySize = 24;

    /// <summary>A slot's generation as its head gives it; 0 for a slot no vCPU wrote (no magic) or one being written the first time.</summary>
    public static uint SlotGeneration(ReadOnlySpan<byte> head) =>
        BinaryPrimitives.ReadUInt32LittleEndian(head) == GuestLayout.SlotMagic ? BinaryPrimitives.ReadUInt32LittleEndian(head[8..]) : 0;

    /// <summary>The platform table's generation as its head gives it; 0 when the guest has not written it.</summary>
    public static uint PlatformGeneration(ReadOnlySpan<byte> head) =>
        BinaryPrimitives.ReadUInt32LittleEndian(head) == GuestLayout.PlatformMagic ? BinaryPrimitives.ReadUInt32LittleEndian(head[8..]) : 0;

    /// <summary>The used parts past the head of a slot with this head: its CPUID entries and its registers (none for a slot not written).</summary>
    public static IReadOnlyList<(int Offset, int Length)> OfSlot(ReadOnlySpan<byte> head)
    {
        if (SlotGeneration(head) == 0) return [];
        var cpuid = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(head[12..]), (uint)GuestLayout.MaxCpuid);
        var registers = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(head[16..]), (uint)GuestLayout.MaxRegisters);
        return NonEmpty((GuestLayout.SlotCpuid, cpuid * CpuidEntrySize), (GuestLayout.SlotRegisters, registers * GuestRegister.Size));
    }

    /// <summary>The used parts past the head of the platform table with this head: its registers and its PCI functions.</summary>
    public static IReadOnlyList<(int Offset, int Length)> OfPlatform(ReadOnlySpan<byte> head)
    {
        if (PlatformGeneration(head) == 0) return [];
        var functions = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(head[12..]), (uint)GuestLayout.MaxPci);
        var registers = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(head[16..]), (uint)GuestLayout.MaxRegisters);
        return NonEmpty((GuestLayout.SlotRegisters, registers * GuestRegister.Size), (GuestLayout.PlatformPci, functions * GuestLayout.PciRecord));
    }

    /// <summary>
    /// A table of <paramref name="size"/> bytes holding each head at its place and each part's bytes at its offset, zero
    /// elsewhere: what reading the whole table would give where the guest wrote, so it parses the same way.
    /// </summary>
    public static byte[] Assemble(int size, IReadOnlyList<(int Offset, byte[] Bytes)> pieces)
    {
        var table = new byte[size];
        foreach (var (offset, bytes) in pieces) bytes.CopyTo(table.AsSpan(offset));
        return table;
    }

    private static (int Offset, int Length)[] NonEmpty(params (int Offset, int Length)[] parts) => parts.Where(p => p.Length > 0).ToArray();
}
