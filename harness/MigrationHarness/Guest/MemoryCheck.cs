using System.Buffers.Binary;

namespace MigrationHarness.Guest;

/// <summary>
/// The dirtied range's invariant: with P the last completed pass, every page holds P or P+1 and
/// the pages holding P+1 form a prefix. Anything else means a page update was lost (or invented).
/// </summary>
public sealed record MemoryCheck(bool Intact, string Detail)
{
    public static MemoryCheck Of(uint pass, ReadOnlySpan<byte> pages, long start = GuestLayout.DirtyStart)
    {
        var count = pages.Length / GuestLayout.PageSize;
        var inPrefix = true;
        for (var i = 0; i < count; i++)
        {
            var value = BinaryPrimitives.ReadUInt32LittleEndian(pages[(i * GuestLayout.PageSize)..]);
            if (value == pass + 1 && inPrefix) continue;
            if (value == pass) { inPrefix = false; continue; }
            var address = start + (long)i * GuestLayout.PageSize;
            return new MemoryCheck(false,
                $"page 0x{address:X} holds {value}, but with pass {pass} every page must hold {pass} or {pass + 1} (and {pass + 1} only before the first {pass})");
        }
        return new MemoryCheck(true, $"{count} pages consistent with pass {pass}");
    }
}
