using System.Buffers.Binary;
using System.Collections.Immutable;

namespace MigrationHarness.Guest;

/// <summary>One register the guest read: what it is, which one, and its value (none for an absent MSR).</summary>
public sealed record GuestRegister(GuestRegisterKind Kind, uint Index, ulong Value)
{
    /// <summary>The identity two sides are matched by: an MSR present on one side and absent on the other is the same register.</summary>
    public (GuestRegisterKind Kind, uint Index) Key => (Kind == GuestRegisterKind.MsrAbsent ? GuestRegisterKind.Msr : Kind, Index);

    public bool IsAbsent => Kind == GuestRegisterKind.MsrAbsent;

    /// <summary>Its name as a maintainer reads it: "msr 0x277 IA32_PAT", "lapic 0x350 LVT LINT0", "cmos 0x78".</summary>
    public string Name => GuestRegisterNames.Of(Kind, Index);

    public string ValueText => IsAbsent ? "absent" : Kind switch
    {
        GuestRegisterKind.Msr => $"0x{Value:X16}",
        GuestRegisterKind.Cmos or GuestRegisterKind.Port8 or GuestRegisterKind.PitStatus => $"0x{Value:X2}",
        GuestRegisterKind.Port16 => $"0x{Value:X4}",
        _ => $"0x{Value:X8}",
    };

    public override string ToString() => $"{Name} = {ValueText}";

    public const int Size = 16;

    /// <summary>Reads <paramref name="count"/> entries of (kind, index, low, high).</summary>
    public static ImmutableArray<GuestRegister> ParseList(ReadOnlySpan<byte> entries, int count)
    {
        var result = ImmutableArray.CreateBuilder<GuestRegister>(count);
        for (var i = 0; i < count && (i + 1) * Size <= entries.Length; i++)
        {
            var e = entries.Slice(i * Size, Size);
            result.Add(new GuestRegister((GuestRegisterKind)BinaryPrimitives.ReadUInt32LittleEndian(e), BinaryPrimitives.ReadUInt32LittleEndian(e[4..]),
                BinaryPrimitives.ReadUInt32LittleEndian(e[8..]) | (ulong)BinaryPrimitives.ReadUInt32LittleEndian(e[12..]) << 32));
        }
        return result.ToImmutable();
    }
}
