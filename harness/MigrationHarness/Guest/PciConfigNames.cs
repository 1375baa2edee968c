namespace MigrationHarness.Guest;

/// <summary>
/// Names a dword of a function's configuration space the way lspci and the PCI spec do: a header
/// field, or a capability (by ID) and the offset into it, or plain device-specific space.
/// </summary>
public static class PciConfigNames
{
    public static string Of(PciFunction function, int offset)
    {
        if (offset < 0x40) return Header(function.HeaderType, offset & ~3);
        var capability = function.Capabilities().Where(c => c.Offset <= offset).OrderByDescending(c => c.Offset).FirstOrDefault();
        return capability.Offset != 0 && offset - capability.Offset < CapabilityLength(capability.Id)
            ? $"capability {CapabilityName(capability.Id)} +0x{offset - capability.Offset:X}"
            : $"device-specific 0x{offset:X2}";
    }

    private static string Header(int type, int offset) => offset switch
    {
        0x00 => "vendor/device ID",
        0x04 => "command/status",
        0x08 => "revision/class",
        0x0C => "cache line/latency/header type/BIST",
        >= 0x10 and <= 0x14 => $"BAR{(offset - 0x10) / 4}",
        >= 0x18 and <= 0x24 when type == 0 => $"BAR{(offset - 0x10) / 4}",
        0x18 when type == 1 => "bus numbers/secondary latency",
        0x1C when type == 1 => "I/O base/limit, secondary status",
        0x20 when type == 1 => "memory base/limit",
        0x24 when type == 1 => "prefetchable base/limit",
        0x28 when type == 0 => "CardBus CIS",
        0x2C when type == 0 => "subsystem vendor/ID",
        0x30 when type == 0 => "expansion ROM",
        0x34 => "capabilities pointer",
        0x38 when type == 1 => "expansion ROM",
        0x3C => type == 1 ? "interrupt line/pin, bridge control" : "interrupt line/pin, min grant/max latency",
        _ => $"header 0x{offset:X2}",
    };

    private static string CapabilityName(byte id) => id switch
    {
        0x01 => "PM", 0x05 => "MSI", 0x09 => "vendor-specific", 0x0D => "bridge subsystem", 0x10 => "PCIe", 0x11 => "MSI-X",
        0x12 => "SATA", 0x13 => "AF",
        _ => $"0x{id:X2}",
    };

    /// <summary>How far past its header a capability reaches (vendor-specific ones say so themselves; an unknown one gets a generous 64 bytes).</summary>
    private static int CapabilityLength(byte id) => id switch
    {
        0x01 => 8, 0x05 => 24, 0x10 => 60, 0x11 => 12, 0x12 => 8, 0x13 => 6,
        _ => 64,
    };
}
