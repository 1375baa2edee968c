using System.Buffers.Binary;
using MigrationHarness.Guest;
using MigrationHarness.Tests.Oracles;

namespace MigrationHarness.Tests.Guest;

/// <summary>
/// A view table or the platform table read by its heads and the parts they name parses as the whole table does,
/// whatever the unused room holds (a refresh with fewer entries leaves the last one's tail behind its counts).
/// </summary>
public sealed class GuestTablePartsTests
{
    private static readonly CpuidEntry[] Cpuid = [new(0, 0, 0xD, 0x756E6547, 0x6C65746E, 0x49656E69), new(1, 0, 0x663, 0x800, 0x80000001, 0x78BFBFF), new(0xD, 1, 1, 0, 0, 0)];
    private static readonly GuestRegister[] Registers = [new(GuestRegisterKind.Msr, 0x277, 0x0007040600070406), new(GuestRegisterKind.MsrAbsent, 0x48, 0)];

    [Fact]
    public void A_view_table_read_by_its_used_parts_parses_as_the_whole_table()
    {
        // Slots 0 and 2 written, slot 1 never (no vCPU has APIC ID 1); stale bytes behind every count.
        var whole = new byte[3 * GuestLayout.SlotSize];
        GuestViewTests.Slot(0, 4, Cpuid, Registers).CopyTo(whole, 0);
        GuestViewTests.Slot(2, 5, Cpuid[..2], [], flags: 1).CopyTo(whole, 2 * GuestLayout.SlotSize);
        foreach (var slot in new[] { 0, 2 })
        {
            whole.AsSpan(slot * GuestLayout.SlotSize + GuestLayout.SlotCpuid + 3 * 24, 48).Fill(0xAA);
            whole.AsSpan(slot * GuestLayout.SlotSize + GuestLayout.SlotRegisters + 2 * GuestRegister.Size, 32).Fill(0xAA);
        }

        var heads = Enumerable.Range(0, 3).ToDictionary(slot => slot, slot => whole.AsSpan(slot * GuestLayout.SlotSize, GuestTableParts.HeadSize).ToArray());
        var parts = heads.SelectMany(h => GuestTableParts.OfSlot(h.Value).Select(p => (Offset: h.Key * GuestLayout.SlotSize + p.Offset, p.Length))).ToArray();
        var assembled = GuestTableParts.Assemble(whole.Length,
            [.. heads.Select(h => (h.Key * GuestLayout.SlotSize, h.Value)), .. parts.Select(p => (p.Offset, whole.AsSpan(p.Offset, p.Length).ToArray()))]);

        Assert.Equal(3, parts.Length);
        Assert.Equal(Describe(GuestVcpuView.ParseTable(whole)), Describe(GuestVcpuView.ParseTable(assembled)));
        Assert.Equal([0u, 2u], GuestVcpuView.ParseTable(assembled).Select(v => v.ApicId));
    }

    [Fact]
    public void Only_a_written_slot_has_parts_and_counts_past_the_room_are_cut_to_it()
    {
        var head = GuestViewTests.Slot(0, 1, Cpuid, Registers).AsSpan(0, GuestTableParts.HeadSize).ToArray();
        Assert.Equal([(GuestLayout.SlotCpuid, 3 * 24), (GuestLayout.SlotRegisters, 2 * GuestRegister.Size)], GuestTableParts.OfSlot(head));
        Assert.Equal(1u, GuestTableParts.SlotGeneration(head));

        Assert.Equal([(GuestLayout.SlotCpuid, 3 * 24)], GuestTableParts.OfSlot(GuestViewTests.Slot(0, 1, Cpuid, []).AsSpan(0, GuestTableParts.HeadSize)));
        Assert.Empty(GuestTableParts.OfSlot(GuestViewTests.Slot(0, 0, Cpuid, Registers).AsSpan(0, GuestTableParts.HeadSize)));
        Assert.Empty(GuestTableParts.OfSlot(new byte[GuestTableParts.HeadSize]));
        Assert.Equal(0u, GuestTableParts.SlotGeneration(new byte[GuestTableParts.HeadSize]));

        var huge = head.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(huge.AsSpan(12), uint.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(huge.AsSpan(16), 100_000);
        Assert.Equal([(GuestLayout.SlotCpuid, GuestLayout.MaxCpuid * 24), (GuestLayout.SlotRegisters, GuestLayout.MaxRegisters * GuestRegister.Size)],
            GuestTableParts.OfSlot(huge));
    }

    [Fact]
    public void The_platform_table_read_by_its_used_parts_parses_as_the_whole_table()
    {
        var whole = new byte[GuestLayout.PlatformSize];
        whole.AsSpan().Fill(0xAA);
        whole.AsSpan(0, GuestTableParts.HeadSize).Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(whole, GuestLayout.PlatformMagic);
        BinaryPrimitives.WriteUInt32LittleEndian(whole.AsSpan(8), 7);
        BinaryPrimitives.WriteUInt32LittleEndian(whole.AsSpan(12), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(whole.AsSpan(16), 2);
        GuestViewTests.WriteRegisters(whole, [new GuestRegister(GuestRegisterKind.IoApic, 0x12, 0x10031), new GuestRegister(GuestRegisterKind.Hpet, 0x10, 1)]);
        for (var f = 0; f < 2; f++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(whole.AsSpan(GuestLayout.PlatformPci + f * GuestLayout.PciRecord), (uint)(0x1F << 3 | f));
            GuestViewTests.Config(0x8086, (ushort)(0x2920 + f)).CopyTo(whole, GuestLayout.PlatformPci + f * GuestLayout.PciRecord + 4);
        }

        var head = whole.AsSpan(0, GuestTableParts.HeadSize).ToArray();
        var parts = GuestTableParts.OfPlatform(head);
        var assembled = GuestTableParts.Assemble(whole.Length, [(0, head), .. parts.Select(p => (p.Offset, whole.AsSpan(p.Offset, p.Length).ToArray()))]);

        Assert.Equal([(GuestLayout.SlotRegisters, 2 * GuestRegister.Size), (GuestLayout.PlatformPci, 2 * GuestLayout.PciRecord)], parts);
        var expected = GuestPlatform.Parse(whole)!;
        var actual = GuestPlatform.Parse(assembled)!;
        Assert.Equal(expected.Registers.Select(r => r.ToString()), actual.Registers.Select(r => r.ToString()));
        Assert.Equal(expected.Functions.Select(f => $"{f.Label} {Convert.ToHexString([.. f.Config])}"), actual.Functions.Select(f => $"{f.Label} {Convert.ToHexString([.. f.Config])}"));
        Assert.Equal(7u, GuestTableParts.PlatformGeneration(head));
        Assert.Empty(GuestTableParts.OfPlatform(new byte[GuestTableParts.HeadSize]));
    }

    /// <summary>Each view as one line of everything it holds, so two readings compare whole.</summary>
    internal static string[] Describe(IReadOnlyList<GuestVcpuView> views) =>
        views.Select(v => $"{v.ApicId} g{v.Generation} t{v.Truncated} {string.Join(",", v.Entries)} | {string.Join(",", v.Registers)}").ToArray();
}
