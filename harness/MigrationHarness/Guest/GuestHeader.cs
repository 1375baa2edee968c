using System.Buffers.Binary;

namespace MigrationHarness.Guest;

/// <summary>
/// The guest's header: whether it runs, how far it got, how many vCPUs reported, and what it found
/// of its RAM (pages listed across it, whether paging lets it write them, the stride, DIMMs found).
/// </summary>
public sealed record GuestHeader(uint Magic, uint Pass, uint Heartbeat, uint Cpus, uint Generation, uint DirtyStart, uint DirtyEnd)
{
    public uint Targets { get; init; }
    public bool Paging { get; init; }
    public uint StrideMiB { get; init; }
    public uint Dimms { get; init; }

    public bool IsRunning => Magic == GuestLayout.Magic;

    public static GuestHeader Parse(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]),
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]),
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[16..]),
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[20..]),
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[24..]))
    {
        Targets = bytes.Length >= 36 ? BinaryPrimitives.ReadUInt32LittleEndian(bytes[32..]) : 0,
        Paging = bytes.Length >= 40 && BinaryPrimitives.ReadUInt32LittleEndian(bytes[36..]) == 1,
        StrideMiB = bytes.Length >= 44 ? BinaryPrimitives.ReadUInt32LittleEndian(bytes[40..]) * 2 : 0,
        Dimms = bytes.Length >= 48 ? BinaryPrimitives.ReadUInt32LittleEndian(bytes[44..]) : 0,
    };
}
