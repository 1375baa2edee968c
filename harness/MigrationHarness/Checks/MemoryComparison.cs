using System.Buffers.Binary;
using MigrationHarness.Guest;

namespace MigrationHarness.Checks;

/// <summary>
/// The pages that differ between the same guest-physical regions of two sides. A region one side
/// has and the other lacks (or reads shorter) counts all its missing pages as differing.
/// </summary>
public sealed record MemoryComparison(int PagesCompared, IReadOnlyList<PageDifference> Differing)
{
    /// <summary>At most this many differing pages are listed; the count is always exact.</summary>
    public const int Listed = 16;

    public int DifferingCount { get; init; }

    public string Summary => DifferingCount == 0
        ? $"{PagesCompared} pages equal on both sides"
        : $"{DifferingCount} of {PagesCompared} pages differ from what the source sent, first at 0x{Differing[0].Address:X}: {Differing[0].Detail}";

    public static MemoryComparison Of(IReadOnlyList<MemoryRegion> source, IReadOnlyList<MemoryRegion> destination)
    {
        var listed = new List<PageDifference>();
        var (compared, differing) = (0, 0);
        foreach (var region in source)
        {
            var other = destination.FirstOrDefault(r => r.Address == region.Address);
            for (var offset = 0; offset < region.Bytes.Length; offset += GuestLayout.PageSize)
            {
                compared++;
                var page = region.Bytes.AsSpan(offset, Math.Min(GuestLayout.PageSize, region.Bytes.Length - offset));
                var address = region.Address + offset;
                PageDifference? difference;
                if (other is null || offset + page.Length > other.Bytes.Length)
                    difference = new PageDifference(address, "the destination did not give this page");
                else
                    difference = Differ(address, page, other.Bytes.AsSpan(offset, page.Length));
                if (difference is null) continue;
                differing++;
                if (listed.Count < Listed) listed.Add(difference);
            }
        }
        return new MemoryComparison(compared, listed) { DifferingCount = differing };
    }

    private static PageDifference? Differ(long address, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination)
    {
        var at = source.CommonPrefixLength(destination);
        if (at >= source.Length) return null;
        var word = at & ~3;
        var bytes = Math.Min(4, source.Length - word);
        var a = Word(source.Slice(word, bytes));
        var b = Word(destination.Slice(word, bytes));
        var count = 0;
        for (var i = 0; i < source.Length; i++) if (source[i] != destination[i]) count++;
        return new PageDifference(address, $"at +0x{word:X} the source sent 0x{a:X8}, the destination holds 0x{b:X8} ({count} byte(s) of the page differ)");
    }

    private static uint Word(ReadOnlySpan<byte> bytes)
    {
        Span<byte> padded = stackalloc byte[4];
        bytes.CopyTo(padded);
        return BinaryPrimitives.ReadUInt32LittleEndian(padded);
    }
}

/// <summary>One page that differs, with where and how.</summary>
public sealed record PageDifference(long Address, string Detail)
{
    public override string ToString() => $"page 0x{Address:X}: {Detail}";
}
