using System.Buffers.Binary;
using System.Collections.Immutable;

namespace MigrationHarness.Guest;

/// <summary>One CPUID result as the guest saw it.</summary>
public sealed record CpuidEntry(uint Leaf, uint Subleaf, uint Eax, uint Ebx, uint Ecx, uint Edx);

/// <summary>What one vCPU (by APIC ID) saw when it executed CPUID, at a given refresh generation.</summary>
public sealed record GuestCpuid(uint ApicId, uint Generation, ImmutableArray<CpuidEntry> Entries)
{
    /// <summary>Reads every filled slot of a table dump.</summary>
    public static IReadOnlyList<GuestCpuid> ParseTable(ReadOnlySpan<byte> table)
    {
        var result = new List<GuestCpuid>();
        for (var slot = 0; slot < GuestLayout.Slots && (slot + 1) * GuestLayout.SlotSize <= table.Length; slot++)
        {
            var s = table.Slice(slot * GuestLayout.SlotSize, GuestLayout.SlotSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(s) != GuestLayout.SlotMagic) continue;
            var count = Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(s[12..]), (GuestLayout.SlotSize - 16) / 24);
            var entries = ImmutableArray.CreateBuilder<CpuidEntry>((int)count);
            for (var i = 0; i < count; i++)
            {
                var e = s.Slice(16 + i * 24, 24);
                entries.Add(new CpuidEntry(
                    BinaryPrimitives.ReadUInt32LittleEndian(e), BinaryPrimitives.ReadUInt32LittleEndian(e[4..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(e[8..]), BinaryPrimitives.ReadUInt32LittleEndian(e[12..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(e[16..]), BinaryPrimitives.ReadUInt32LittleEndian(e[20..])));
            }
            result.Add(new GuestCpuid(BinaryPrimitives.ReadUInt32LittleEndian(s[4..]), BinaryPrimitives.ReadUInt32LittleEndian(s[8..]), entries.MoveToImmutable()));
        }
        return result;
    }
}
