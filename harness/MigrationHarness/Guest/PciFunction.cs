using System.Buffers.Binary;
using System.Collections.Immutable;

namespace MigrationHarness.Guest;

/// <summary>One function on PCI bus 0 and its 256 bytes of configuration space, as the guest read them.</summary>
public sealed record PciFunction(int Device, int Function, ImmutableArray<byte> Config)
{
    public string Address => $"00:{Device:x2}.{Function}";
    public ushort VendorId => BinaryPrimitives.ReadUInt16LittleEndian(Config.AsSpan());
    public ushort DeviceId => BinaryPrimitives.ReadUInt16LittleEndian(Config.AsSpan()[2..]);
    public int HeaderType => Config[0x0E] & 0x7F;

    /// <summary>"00:1f.2 8086:2922": how a maintainer finds it in lspci.</summary>
    public string Label => $"{Address} {VendorId:x4}:{DeviceId:x4}";

    public uint DwordAt(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(Config.AsSpan()[offset..]);

    /// <summary>The capability list (ID, offset), followed as an OS does, stopping at a loop or a pointer into the header.</summary>
    public IReadOnlyList<(byte Id, int Offset)> Capabilities()
    {
        var result = new List<(byte, int)>();
        if ((Config[0x06] & 0x10) == 0) return result;
        var seen = new HashSet<int>();
        int next = Config[0x34] & 0xFC;
        while (next >= 0x40 && next < 0x100 && seen.Add(next))
        {
            result.Add((Config[next], next));
            next = Config[next + 1] & 0xFC;
        }
        return result;
    }
}
