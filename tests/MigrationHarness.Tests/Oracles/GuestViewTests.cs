using MigrationHarness.Platform.X86.Checks;
using System.Buffers.Binary;
using System.Collections.Immutable;
using MigrationHarness.Checks;
using MigrationHarness.Guest;
using MigrationHarness.Oracles;
using MigrationHarness.Model;

namespace MigrationHarness.Tests.Oracles;

/// <summary>
/// The guest's views as the harness parses, compares and names them, from tables laid out as
/// guest.asm lays them out: every path of the guest-vcpu and guest-platform judgements.
/// </summary>
public sealed class GuestViewTests
{
    private static GuestRegister Msr(uint index, ulong value) => new(GuestRegisterKind.Msr, index, value);
    private static GuestRegister Absent(uint index) => new(GuestRegisterKind.MsrAbsent, index, 0);

    private static GuestVcpuView Cpu(uint apic, params GuestRegister[] registers) =>
        new(apic, 2, [new CpuidEntry(0, 0, 0xD, 0x756E6547, 0x6C65746E, 0x49656E69), new CpuidEntry(0xD, 1, 1, 0, 0, 0)]) { Registers = [.. registers] };

    internal static byte[] Slot(uint apic, uint generation, CpuidEntry[] cpuid, GuestRegister[] registers, uint flags = 0)
    {
        var slot = new byte[GuestLayout.SlotSize];
        BinaryPrimitives.WriteUInt32LittleEndian(slot, GuestLayout.SlotMagic);
        BinaryPrimitives.WriteUInt32LittleEndian(slot.AsSpan(4), apic);
        BinaryPrimitives.WriteUInt32LittleEndian(slot.AsSpan(8), generation);
        BinaryPrimitives.WriteUInt32LittleEndian(slot.AsSpan(12), (uint)cpuid.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(slot.AsSpan(16), (uint)registers.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(slot.AsSpan(20), flags);
        for (var i = 0; i < cpuid.Length; i++)
        {
            var e = slot.AsSpan(GuestLayout.SlotCpuid + i * 24);
            uint[] values = [cpuid[i].Leaf, cpuid[i].Subleaf, cpuid[i].Eax, cpuid[i].Ebx, cpuid[i].Ecx, cpuid[i].Edx];
            for (var v = 0; v < 6; v++) BinaryPrimitives.WriteUInt32LittleEndian(e[(v * 4)..], values[v]);
        }
        WriteRegisters(slot, registers);
        return slot;
    }

    internal static void WriteRegisters(byte[] table, GuestRegister[] registers)
    {
        for (var i = 0; i < registers.Length; i++)
        {
            var e = table.AsSpan(GuestLayout.SlotRegisters + i * GuestRegister.Size);
            BinaryPrimitives.WriteUInt32LittleEndian(e, (uint)registers[i].Kind);
            BinaryPrimitives.WriteUInt32LittleEndian(e[4..], registers[i].Index);
            BinaryPrimitives.WriteUInt64LittleEndian(e[8..], registers[i].Value);
        }
    }

    /// <summary>A PCI function's configuration space with a vendor/device, status "has capabilities" and an MSI capability at 0x80.</summary>
    internal static byte[] Config(ushort vendor, ushort device)
    {
        var config = new byte[256];
        BinaryPrimitives.WriteUInt16LittleEndian(config, vendor);
        BinaryPrimitives.WriteUInt16LittleEndian(config.AsSpan(2), device);
        config[0x06] = 0x10;
        config[0x34] = 0x80;
        config[0x80] = 0x05; // MSI
        config[0x81] = 0x00;
        return config;
    }

    private static GuestPlatform Platform(params (int Device, byte[] Config)[] functions) =>
        new(3, [new GuestRegister(GuestRegisterKind.Port8, 0x21, 0xFB), new GuestRegister(GuestRegisterKind.Cmos, 0x78, 0x4D)],
            [.. functions.Select(f => new PciFunction(f.Device, 0, [.. f.Config]))]);

    [Fact]
    public void A_view_table_parses_cpuid_and_registers_and_skips_empty_and_unfinished_slots()
    {
        var table = new byte[3 * GuestLayout.SlotSize];
        Slot(0, 5, [new CpuidEntry(7, 1, 1, 2, 3, 4)], [Msr(0x277, 0x0007010600070406), Absent(0x48), new GuestRegister(GuestRegisterKind.LocalApic, 0x350, 0x700)])
            .CopyTo(table, 0);
        Slot(2, 0, [new CpuidEntry(0, 0, 1, 1, 1, 1)], []).CopyTo(table, 2 * GuestLayout.SlotSize); // generation 0: being written

        var views = GuestVcpuView.ParseTable(table);

        var view = Assert.Single(views);
        Assert.Equal((0u, 5u), (view.ApicId, view.Generation));
        Assert.Equal(new CpuidEntry(7, 1, 1, 2, 3, 4), Assert.Single(view.Entries));
        Assert.Equal(["msr 0x277 IA32_PAT = 0x0007010600070406", "msr 0x48 IA32_SPEC_CTRL = absent", "lapic 0x350 LVT LINT0 = 0x00000700"],
            view.Registers.Select(r => r.ToString()));
        Assert.False(view.Truncated);
    }

    [Fact]
    public void A_full_slot_is_marked_truncated_and_a_leaf_it_did_not_reach_is_not_called_gone()
    {
        var table = Slot(0, 1, [new CpuidEntry(0, 0, 1, 0, 0, 0)], [], flags: 1);
        var truncated = Assert.Single(GuestVcpuView.ParseTable(table));
        Assert.True(truncated.Truncated);

        var before = Cpu(0) with { Truncated = false };
        var after = Cpu(0) with { Entries = [before.Entries[0]], Truncated = true };
        var result = new GuestVcpuCheck().Compare(new GuestVcpuReading([before], true), new GuestVcpuReading([after], true));

        Assert.True(result.Passed, result.Summary);
    }

    [Fact]
    public void An_msr_value_changed_on_every_vcpu_is_abi_drift_named_and_grouped_across_vcpus()
    {
        var result = new GuestVcpuCheck().Compare(
            new GuestVcpuReading([Cpu(0, Msr(0x277, 0x0007010600070406)), Cpu(1, Msr(0x277, 0x0007010600070406))], true),
            new GuestVcpuReading([Cpu(0, Msr(0x277, 0x0007040600070406)), Cpu(1, Msr(0x277, 0x0007040600070406))], true));

        Assert.Equal(Verdict.AbiDrift, result.Verdict);
        Assert.Equal(["guest apic 0 msr 0x277 IA32_PAT", "guest apic 1 msr 0x277 IA32_PAT"], result.Differences.Select(d => d.Aspect));
        Assert.Contains("msr 0x277 IA32_PAT: 0x0007010600070406 → 0x0007040600070406 (bits changed 0x50000000000), 2 vCPUs", result.Evidence);
        // Both sides' every read of the differing vCPUs are evidence.
        Assert.Contains("source apic 1 msr 0x277 IA32_PAT = 0x0007010600070406", result.Evidence);
        Assert.Contains("destination apic 0 cpuid 0000000D.1: 00000001 00000000 00000000 00000000", result.Evidence);
    }

    [Theory]
    [InlineData(true, false, "an MSR the source's vCPU had is gone (RDMSR faults)")]
    [InlineData(false, true, "an MSR the source's vCPU lacked exists on the destination")]
    public void An_msr_that_appears_or_disappears_is_abi_drift_saying_which(bool presentBefore, bool presentAfter, string detail)
    {
        var before = Cpu(0, presentBefore ? Msr(0x10A, 0x1) : Absent(0x10A));
        var after = Cpu(0, presentAfter ? Msr(0x10A, 0x1) : Absent(0x10A));

        var result = new GuestVcpuCheck().Compare(new GuestVcpuReading([before], true), new GuestVcpuReading([after], true));

        var difference = Assert.Single(result.Differences);
        Assert.Equal("guest apic 0 msr 0x10A IA32_ARCH_CAPABILITIES", difference.Aspect);
        Assert.Equal(detail, difference.Detail);
        Assert.Equal(presentBefore ? "0x0000000000000001" : "absent", difference.Source);
        Assert.Equal(presentAfter ? "0x0000000000000001" : "absent", difference.Destination);
    }

    [Fact]
    public void A_cpuid_leaf_gained_on_the_destination_is_abi_drift_listed_by_leaf()
    {
        var before = Cpu(0);
        var after = before with { Entries = [.. before.Entries, new CpuidEntry(0x14, 0, 1, 0, 0, 0)] };

        var result = new GuestVcpuCheck().Compare(new GuestVcpuReading([before], true), new GuestVcpuReading([after], true));

        Assert.Equal(Verdict.AbiDrift, result.Verdict);
        var difference = Assert.Single(result.Differences);
        Assert.Equal("guest apic 0 cpuid-leaf 14.0", difference.Aspect);
        Assert.Equal((null, "present"), (difference.Source, difference.Destination));
        Assert.Contains("cpuid-leaf 14.0: a leaf the source's CPUID did not answer appeared, APIC 0", result.Evidence);
    }

    [Fact]
    public void Equal_views_pass_with_what_was_compared_counted()
    {
        var cpu = Cpu(0, Msr(0x277, 6), Absent(0x48), new GuestRegister(GuestRegisterKind.Control, 4, 0x20), new GuestRegister(GuestRegisterKind.LocalApic, 0x20, 0));

        var result = new GuestVcpuCheck().Compare(new GuestVcpuReading([cpu], true), new GuestVcpuReading([cpu with { Generation = 9 }], true));

        Assert.True(result.Passed);
        Assert.Equal("1 vCPUs equal: 2 CPUID leaves/subleaves, 2 MSRs (1 present), 1 control and 1 local APIC registers", result.Summary);
    }

    [Fact]
    public void A_platform_table_parses_registers_and_pci_functions()
    {
        var table = new byte[GuestLayout.PlatformSize];
        BinaryPrimitives.WriteUInt32LittleEndian(table, GuestLayout.PlatformMagic);
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(8), 7);
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(12), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(16), 2);
        WriteRegisters(table, [new GuestRegister(GuestRegisterKind.IoApic, 0x12, 0x10031), new GuestRegister(GuestRegisterKind.Hpet, 0x10, 1)]);
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(GuestLayout.PlatformPci), 0x1F << 3 | 2);
        Config(0x8086, 0x2922).CopyTo(table, GuestLayout.PlatformPci + 4);

        var platform = GuestPlatform.Parse(table);

        Assert.NotNull(platform);
        Assert.Equal(7u, platform.Generation);
        Assert.Equal(["ioapic 0x12 redirection 1 low = 0x00010031", "hpet 0x010 configuration = 0x00000001"], platform.Registers.Select(r => r.ToString()));
        Assert.Equal("00:1f.2 8086:2922", Assert.Single(platform.Functions).Label);
        Assert.Null(GuestPlatform.Parse(new byte[GuestLayout.PlatformSize]));
    }

    [Fact]
    public void A_pci_dword_that_changed_is_named_by_capability_and_a_lost_function_by_its_address()
    {
        var before = Platform((0x1F, Config(0x8086, 0x2918)), (0x02, Config(0x1AF4, 0x1058)));
        var changed = Config(0x8086, 0x2918);
        changed[0x84] = 0xEE; // MSI address, 4 bytes into the capability
        var after = Platform((0x1F, changed));

        var result = new GuestPlatformCheck().Compare(new GuestPlatformReading(before), new GuestPlatformReading(after));

        Assert.Equal(Verdict.AbiDrift, result.Verdict);
        Assert.Equal(["guest pci 00:1f.0 8086:2918 0x84 capability MSI +0x4", "guest pci 00:02.0 1af4:1058"], result.Differences.Select(d => d.Aspect));
        Assert.Equal("0x00000000 → 0x000000EE (bits changed 0x000000EE)", result.Differences[0].Detail);
        Assert.Equal("the function is gone from bus 0", result.Differences[1].Detail);
        Assert.Contains(result.Evidence, e => e.StartsWith("destination pci 00:1f.0 8086:2918 80: 05000000ee", StringComparison.Ordinal));
    }

    [Fact]
    public void A_platform_register_that_changed_is_named_and_a_new_function_is_listed()
    {
        var before = Platform((0x1F, Config(0x8086, 0x2918)));
        var after = Platform((0x1F, Config(0x8086, 0x2918)), (0x03, Config(0x1AF4, 0x1000))) with
        {
            Registers = [new GuestRegister(GuestRegisterKind.Port8, 0x21, 0xF8), new GuestRegister(GuestRegisterKind.Cmos, 0x78, 0x4D)],
        };

        var result = new GuestPlatformCheck().Compare(new GuestPlatformReading(before), new GuestPlatformReading(after));

        Assert.Equal(["guest port 0x21 PIC1 IMR", "guest pci 00:03.0 1af4:1000"], result.Differences.Select(d => d.Aspect));
        Assert.Equal((null, "present"), (result.Differences[1].Source, result.Differences[1].Destination));
    }

    [Fact]
    public void A_destination_that_never_re_reads_the_platform_is_a_hang_and_a_source_without_one_is_not_compared()
    {
        var platform = Platform((0x1F, Config(0x8086, 0x2918)));

        var hung = new GuestPlatformCheck().Compare(new GuestPlatformReading(platform), new GuestPlatformReading(null) { Evidence = ["no refresh past generation 4 within 20 s"] });
        var none = new GuestPlatformCheck().Compare(new GuestPlatformReading(null), new GuestPlatformReading(platform));
        var equal = new GuestPlatformCheck().Compare(new GuestPlatformReading(platform), new GuestPlatformReading(platform with { Generation = 8 }));

        Assert.Equal(Verdict.Hang, hung.Verdict);
        Assert.Contains("no refresh past generation 4", hung.Summary);
        Assert.True(none.Passed);
        Assert.StartsWith("not compared", none.Summary);
        Assert.True(equal.Passed);
        Assert.Equal("platform equal: 1 PCI functions × 256 bytes (00:1f.0 8086:2918), 2 platform registers", equal.Summary);
    }

    [Theory]
    [InlineData(0, 0x04, "command/status")]
    [InlineData(0, 0x18, "BAR2")]
    [InlineData(1, 0x18, "bus numbers/secondary latency")]
    [InlineData(0, 0x2C, "subsystem vendor/ID")]
    [InlineData(0, 0x80, "capability MSI +0x0")]
    [InlineData(0, 0x94, "capability MSI +0x14")]
    [InlineData(0, 0xA0, "device-specific 0xA0")]
    [InlineData(0, 0x40, "device-specific 0x40")]
    public void Configuration_space_offsets_are_named_by_header_field_or_capability(int headerType, int offset, string name)
    {
        var config = Config(0x8086, 0x2918);
        config[0x0E] = (byte)headerType;

        Assert.Equal(name, PciConfigNames.Of(new PciFunction(0x1F, 0, [.. config]), offset));
    }

    [Fact]
    public void A_capability_list_that_loops_ends_where_it_repeats()
    {
        var config = Config(0x8086, 0x2918);
        config[0x81] = 0x90;
        config[0x90] = 0x11;
        config[0x91] = 0x80; // back to the first

        Assert.Equal([(0x05, 0x80), (0x11, 0x90)], new PciFunction(0, 0, [.. config]).Capabilities().Select(c => ((int)c.Id, c.Offset)));
    }

    [Fact]
    public void The_header_names_an_unexpected_fault_and_the_view_ranges_end_at_the_highest_apic_id()
    {
        var bytes = new byte[GuestLayout.HeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, GuestLayout.Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(0x30), 5);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(0x34), 13 + 1);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(0x38), 0x20A1C);

        var header = GuestHeader.Parse(bytes);

        Assert.Equal("#GP at EIP 0x20a1c", header.FaultText);
        Assert.Null(GuestHeader.Parse(new byte[GuestLayout.HeaderSize]).FaultText);
        Assert.Equal([(GuestLayout.TableInitial, GuestLayout.TableInitial + 6 * GuestLayout.SlotSize), (GuestLayout.TableCurrent, GuestLayout.TableCurrent + 6 * GuestLayout.SlotSize)],
            GuestLayout.ViewRanges(header.MaxApicId));
    }

    [Theory]
    [InlineData(GuestRegisterKind.Msr, 0x203u, "msr 0x203 IA32_MTRR_PHYSMASK1")]
    [InlineData(GuestRegisterKind.Msr, 0x409u, "msr 0x409 IA32_MC2_STATUS")]
    [InlineData(GuestRegisterKind.Msr, 0x48Cu, "msr 0x48C IA32_VMX_EPT_VPID_CAP")]
    [InlineData(GuestRegisterKind.Msr, 0x40000093u, "msr 0x40000093 HV_X64_MSR_SINT3")]
    [InlineData(GuestRegisterKind.Msr, 0x12345u, "msr 0x12345")]
    [InlineData(GuestRegisterKind.Control, 0x10u, "xcr0")]
    [InlineData(GuestRegisterKind.IoApic, 0x3Fu, "ioapic 0x3F redirection 23 high")]
    [InlineData(GuestRegisterKind.Hpet, 0x124u, "hpet 0x124 timer 1 interrupt routes")]
    [InlineData(GuestRegisterKind.PitStatus, 2u, "pit channel 2 status")]
    [InlineData(GuestRegisterKind.FwCfg, 0u, "fw_cfg 0x0 signature")]
    public void Registers_are_named_as_the_manuals_spell_them(GuestRegisterKind kind, uint index, string name) =>
        Assert.Equal(name, GuestRegisterNames.Of(kind, index));
}
