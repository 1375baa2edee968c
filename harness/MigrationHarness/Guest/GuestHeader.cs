using System.Buffers.Binary;

namespace MigrationHarness.Guest;

/// <summary>The guest's header: whether it runs, how far it got, how many vCPUs reported.</summary>
public sealed record GuestHeader(uint Magic, uint Pass, uint Heartbeat, uint Cpus, uint Generation, uint DirtyStart, uint DirtyEnd)
{
    public bool IsRunning => Magic == GuestLayout.Magic;

    public static GuestHeader Parse(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]),
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]),
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[16..]),
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[20..]),
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[24..]));
}
