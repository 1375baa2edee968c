using MigrationHarness.Guest;

using MigrationHarness.Checks;

namespace MigrationHarness.Platform.X86.Checks;

/// <summary>The guest's views as evidence lines: every read, one per line, so a reproducer shows what the guest saw.</summary>
public static class GuestViewText
{
    public static string Counts(GuestVcpuView cpu)
    {
        var msrs = cpu.Registers.Where(r => r.Key.Kind == GuestRegisterKind.Msr).ToArray();
        return $"{cpu.Entries.Length} CPUID leaves/subleaves, {msrs.Length} MSRs ({msrs.Count(m => !m.IsAbsent)} present), " +
               $"{cpu.Registers.Count(r => r.Kind == GuestRegisterKind.Control)} control and {cpu.Registers.Count(r => r.Kind == GuestRegisterKind.LocalApic)} local APIC registers";
    }

    public static string Counts(GuestPlatform platform) =>
        $"{platform.Functions.Length} PCI functions × 256 bytes ({string.Join(", ", platform.Functions.Select(f => f.Label))}), {platform.Registers.Length} platform registers";

    public static IEnumerable<string> Lines(string side, GuestVcpuView cpu)
    {
        yield return $"{side} apic {cpu.ApicId} generation {cpu.Generation}: {Counts(cpu)}{(cpu.Truncated ? " (truncated)" : "")}";
        foreach (var e in cpu.Entries)
            yield return $"{side} apic {cpu.ApicId} cpuid {e.Leaf:X8}.{e.Subleaf:X}: {e.Eax:X8} {e.Ebx:X8} {e.Ecx:X8} {e.Edx:X8}";
        foreach (var r in cpu.Registers)
            yield return $"{side} apic {cpu.ApicId} {r}";
    }

    public static IEnumerable<string> Lines(string side, GuestPlatform platform)
    {
        yield return $"{side} platform generation {platform.Generation}: {Counts(platform)}{(platform.Truncated ? " (truncated)" : "")}";
        foreach (var r in platform.Registers)
            yield return $"{side} {r}";
        foreach (var f in platform.Functions)
            for (var row = 0; row < f.Config.Length; row += 16)
                yield return $"{side} pci {f.Label} {row:x2}: {Convert.ToHexString(f.Config.AsSpan().Slice(row, 16)).ToLowerInvariant()}";
    }
}
