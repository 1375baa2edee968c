namespace MigrationHarness.Guest;

/// <summary>
/// The guest-physical ranges a memory read dumps, as few as they can be: each is a <c>pmemsave</c> of its own, which costs
/// QEMU a millisecond or more whatever its size (a file opened, written and closed), while a few hundred KiB more of the
/// same dump cost less than that.
/// </summary>
public static class DumpRanges
{
    /// <summary>Up to this gap two ranges are one dump, where the gap is RAM on every machine (see <see cref="RamEverywhere"/>).</summary>
    public const long JoinableGap = 256 * 1024;

    /// <summary>
    /// Guest-physical windows that are RAM on every machine the guest runs on: below the legacy VGA and ROM hole, and from 1 MiB
    /// to 16 MiB, where the guest keeps its tables and which it needs to run at all. Every byte there must arrive as it was sent,
    /// so a gap read with the ranges around it is checked as strictly as they are; outside them a gap may be a device's
    /// registers, which a read must not touch.
    /// </summary>
    public static readonly IReadOnlyList<(long Start, long End)> RamEverywhere = [(0, 0xA0000), (0x100000, 0x1000000)];

    /// <summary>
    /// The ranges in address order with overlapping and touching ones joined, and ranges a gap of at most
    /// <see cref="JoinableGap"/> apart joined where the gap lies in one window of <see cref="RamEverywhere"/>.
    /// </summary>
    public static IReadOnlyList<(long Start, long End)> Coalesced(IEnumerable<(long Start, long End)> ranges)
    {
        var result = new List<(long Start, long End)>();
        foreach (var range in ranges.Where(r => r.End > r.Start).OrderBy(r => r.Start).ThenBy(r => r.End))
        {
            if (result.Count > 0 && Joins(result[^1], range))
                result[^1] = (result[^1].Start, Math.Max(result[^1].End, range.End));
            else
                result.Add(range);
        }
        return result;
    }

    private static bool Joins((long Start, long End) last, (long Start, long End) next) =>
        next.Start <= last.End
        || (next.Start - last.End <= JoinableGap && RamEverywhere.Any(w => w.Start <= last.Start && next.End <= w.End));
}
