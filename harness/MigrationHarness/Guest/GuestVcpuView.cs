using System.Buffers.Binary;
using System.Collections.Immutable;

namespace MigrationHarness.Guest;

/// <summary>
/// What one vCPU (by APIC ID) saw at a given refresh generation: every CPUID leaf and subleaf, and
/// its registers (MSRs, present or absent; CR0/CR3/CR4/XCR0; local APIC registers).
/// <see cref="Truncated"/> is set when the guest's slot could not hold all of it.
/// </summary>
public sealed record GuestVcpuView(uint ApicId, uint Generation, ImmutableArray<CpuidEntry> Entries)
{
    public ImmutableArray<GuestRegister> Registers { get; init; } = [];
    public bool Truncated { get; init; }

    /// <summary>Reads every filled slot of a table dump (slots are <see cref="GuestLayout.SlotSize"/> apart, by APIC ID).</summary>
    public static IReadOnlyList<GuestVcpuView> ParseTable(ReadOnlySpan<byte> table)
    {
        var result = new List<GuestVcpuView>();
        for (var slot = 0; slot < GuestLayout.Slots && (slot + 1) * GuestLayout.SlotSize <= table.Length; slot++)
        {
            var s = table.Slice(slot * GuestLayout.SlotSize, GuestLayout.SlotSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(s) != GuestLayout.SlotMagic) continue;
            var generation = BinaryPrimitives.ReadUInt32LittleEndian(s[8..]);
            if (generation == 0) continue; // being written for the first time
            var count = Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(s[12..]), (uint)GuestLayout.MaxCpuid);
            var registers = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(s[16..]), (uint)GuestLayout.MaxRegisters);
            var flags = BinaryPrimitives.ReadUInt32LittleEndian(s[20..]);
            var entries = ImmutableArray.CreateBuilder<CpuidEntry>((int)count);
            for (var i = 0; i < count; i++)
            {
                var e = s.Slice(GuestLayout.SlotCpuid + i * 24, 24);
                entries.Add(new CpuidEntry(
                    BinaryPrimitives.ReadUInt32LittleEndian(e), BinaryPrimitives.ReadUInt32LittleEndian(e[4..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(e[8..]), BinaryPrimitives.ReadUInt32LittleEndian(e[12..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(e[16..]), BinaryPrimitives.ReadUInt32LittleEndian(e[20..])));
            }
            result.Add(new GuestVcpuView(BinaryPrimitives.ReadUInt32LittleEndian(s[4..]), generation, entries.MoveToImmutable())
            {
                Registers = GuestRegister.ParseList(s[GuestLayout.SlotRegisters..], registers),
                Truncated = (flags & 3) != 0,
            });
        }
        return result;
    }
}
