using System.Buffers.Binary;

namespace MigrationHarness.Guest;

/// <summary>
/// The guest's header: whether it runs, how far it got, how many vCPUs reported, what it found
/// of its RAM (pages listed across it, whether paging lets it write them, the stride, DIMMs found),
/// the highest APIC ID that recorded a view, and a fault it did not expect (vector and EIP).
/// </summary>
public sealed record GuestHeader(uint Magic, uint Pass, uint Heartbeat, uint Cpus, uint Generation, uint DirtyStart, uint DirtyEnd)
{
    public uint Targets { get; init; }
    public bool Paging { get; init; }

    /// <summary>How the writers reach their target pages: 0 not at all, 1 PAE paging with windows (a target above 4 GiB), 2 directly with paging off.</summary>
    public uint PagingMode { get; init; }
    public uint StrideMiB { get; init; }
    public uint Dimms { get; init; }
    public uint MaxApicId { get; init; }

    /// <summary>The vector of an exception the guest did not expect (it then stops that vCPU); null when none.</summary>
    public uint? FaultVector { get; init; }
    public uint FaultEip { get; init; }

    /// <summary>What the boot processor's CPU refused when the guest turned features on (registers named; empty: nothing).</summary>
    public IReadOnlyList<string> Refused { get; init; } = [];

    public bool IsRunning => Magic == GuestLayout.Magic;

    /// <summary>"#GP at EIP 0x20a1c" for the fault, if any.</summary>
    public string? FaultText => FaultVector is { } vector ? $"{(vector switch { 13 => "#GP", 6 => "#UD", _ => $"vector {vector}" })} at EIP 0x{FaultEip:x}" : null;

    public static GuestHeader Parse(ReadOnlySpan<byte> bytes)
    {
        var fault = At(bytes, 0x34);
        return new GuestHeader(At(bytes, 0), At(bytes, 4), At(bytes, 8), At(bytes, 12), At(bytes, 16), At(bytes, 20), At(bytes, 24))
        {
            Targets = At(bytes, 32),
            // 1: PAE paging with a window per writer; 2: every target below 4 GiB, written with paging off.
            Paging = At(bytes, 36) != 0,
            PagingMode = At(bytes, 36),
            StrideMiB = At(bytes, 40) * 2,
            Dimms = At(bytes, 44),
            MaxApicId = At(bytes, 0x30),
            FaultVector = fault == 0 ? null : fault - 1,
            FaultEip = At(bytes, 0x38),
            Refused = RefusedEnables.Summary(At(bytes, 0x3C)),
        };
    }

    // A short read (an older header) leaves the later fields zero.
    private static uint At(ReadOnlySpan<byte> bytes, int offset) => bytes.Length >= offset + 4 ? BinaryPrimitives.ReadUInt32LittleEndian(bytes[offset..]) : 0;
}
