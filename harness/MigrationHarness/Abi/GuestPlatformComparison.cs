using MigrationHarness.Guest;

namespace MigrationHarness.Abi;

/// <summary>
/// Compares the platform the guest's BSP read at boot on the first source with what it reads
/// again on the destination: every platform register, every PCI function on bus 0 (gained or
/// lost), and each function's configuration space dword by dword, named by header field or
/// capability.
/// </summary>
public static class GuestPlatformComparison
{
    public static IReadOnlyList<AbiDifference> Compare(GuestPlatform before, GuestPlatform after)
    {
        var differences = new List<AbiDifference>();
        GuestVcpuComparison.CompareRegisters("guest", before.Registers, after.Registers, differences);
        var afterByAddress = after.Functions.ToDictionary(f => f.Address);
        foreach (var function in before.Functions)
        {
            if (!afterByAddress.Remove(function.Address, out var now))
            {
                differences.Add(new AbiDifference($"guest pci {function.Label}", "present", null, "the function is gone from bus 0"));
                continue;
            }
            for (var offset = 0; offset < function.Config.Length; offset += 4)
            {
                var (a, b) = (function.DwordAt(offset), now.DwordAt(offset));
                if (a == b) continue;
                differences.Add(new AbiDifference($"guest pci {function.Label} 0x{offset:X2} {PciConfigNames.Of(function, offset)}",
                    $"0x{a:X8}", $"0x{b:X8}", $"0x{a:X8} → 0x{b:X8} (bits changed 0x{a ^ b:X8})"));
            }
        }
        if (!before.Truncated)
            foreach (var function in afterByAddress.Values.OrderBy(f => f.Address, StringComparer.Ordinal))
                differences.Add(new AbiDifference($"guest pci {function.Label}", null, "present", "a function appeared on bus 0"));
        return differences;
    }
}
