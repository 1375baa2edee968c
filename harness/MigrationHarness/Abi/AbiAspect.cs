using System.Globalization;
using System.Text.RegularExpressions;
using MigrationHarness.Configs.Cpu;

namespace MigrationHarness.Abi;

/// <summary>
/// An ABI aspect's name, parsed once: its kind, the vCPU a guest read came from, the CPUID register it
/// names, and its identity without the index that only says which one. The text stays the wire format
/// (records and reports keep it); everything that needs its parts reads them here.
/// </summary>
public sealed partial record AbiAspect(string Text, AbiAspectKind Kind)
{
    /// <summary>The APIC ID of the vCPU a per-vCPU guest read came from; null for any other aspect.</summary>
    public uint? ApicId { get; init; }

    /// <summary>What the aspect names without its prefix: "msr 0x277 IA32_PAT" for a guest vCPU register, "l3-cache" for a CPU property.</summary>
    public string Subject { get; init; } = Text;

    /// <summary>The CPUID leaf and subleaf (and register, except for a leaf's presence).</summary>
    public CpuidAddress? Cpuid { get; init; }

    /// <summary>Whether this is a CPUID register or leaf read by the guest on one vCPU, rather than QEMU's own feature words.</summary>
    public bool FromGuest => ApicId is not null;

    /// <summary>The aspect by name, without the incidental index or id: "vcpu 003 topology" → "vcpu topology", "memory-device dimm1" → "memory-device".</summary>
    public string Identity => Kind switch
    {
        AbiAspectKind.VcpuTopology => "vcpu topology",
        AbiAspectKind.GuestVcpuNumbering => "guest vcpu numbering",
        AbiAspectKind.MemoryDevice => "memory-device",
        AbiAspectKind.Memdev => "memdev",
        AbiAspectKind.NumaNode => "numa node",
        _ => Text,
    };

    public static AbiAspect Parse(string text)
    {
        if (GuestVcpu().Match(text) is { Success: true } vcpu)
        {
            var apic = uint.Parse(vcpu.Groups[1].Value, CultureInfo.InvariantCulture);
            var rest = vcpu.Groups[2].Value;
            return Plain(rest) is { Kind: AbiAspectKind.CpuidRegister or AbiAspectKind.CpuidLeafPresence } cpuid
                ? cpuid with { Text = text, ApicId = apic }
                : new AbiAspect(text, AbiAspectKind.GuestVcpuRegister) { ApicId = apic, Subject = rest };
        }
        if (GuestNumbering().Match(text) is { Success: true } numbering)
            return new AbiAspect(text, AbiAspectKind.GuestVcpuNumbering)
            {
                ApicId = uint.Parse(numbering.Groups[1].Value, CultureInfo.InvariantCulture),
                Subject = numbering.Groups[2].Success ? numbering.Groups[2].Value : "vcpu",
            };
        return Plain(text);
    }

    private static AbiAspect Plain(string text)
    {
        if (CpuidAddress.TryParseRegister(text) is { } register) return new AbiAspect(text, AbiAspectKind.CpuidRegister) { Cpuid = register };
        if (LeafPresence().Match(text) is { Success: true } presence)
            return new AbiAspect(text, AbiAspectKind.CpuidLeafPresence)
            {
                Cpuid = new CpuidAddress(uint.Parse(presence.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    uint.Parse(presence.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture), null),
            };
        if (text.StartsWith("cpu ", StringComparison.Ordinal)) return new AbiAspect(text, AbiAspectKind.CpuProperty) { Subject = text[4..] };
        if (text.StartsWith("guest ", StringComparison.Ordinal)) return new AbiAspect(text, AbiAspectKind.GuestPlatform) { Subject = text[6..] };
        var kind = text switch
        {
            "machine type" => AbiAspectKind.MachineType,
            _ when text.StartsWith("vcpu ", StringComparison.Ordinal) => AbiAspectKind.VcpuTopology,
            _ when text.StartsWith("memory-device ", StringComparison.Ordinal) => AbiAspectKind.MemoryDevice,
            _ when text.StartsWith("memdev ", StringComparison.Ordinal) => AbiAspectKind.Memdev,
            _ when text.StartsWith("numa node ", StringComparison.Ordinal) => AbiAspectKind.NumaNode,
            _ => AbiAspectKind.Other,
        };
        return new AbiAspect(text, kind);
    }

    [GeneratedRegex(@"^guest apic (\d+) (.+)$")]
    private static partial Regex GuestVcpu();

    [GeneratedRegex(@"^guest vcpu apic (\d+)(?: (.+))?$")]
    private static partial Regex GuestNumbering();

    [GeneratedRegex(@"^cpuid-leaf ([0-9A-F]+)\.([0-9A-F]+)$")]
    private static partial Regex LeafPresence();
}
