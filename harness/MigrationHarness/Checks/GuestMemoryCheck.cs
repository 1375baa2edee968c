using MigrationHarness.Guest;
using MigrationHarness.Model;

namespace MigrationHarness.Checks;

/// <summary>
/// Guest RAM as migration delivered it. The source is read once its outgoing migration completed
/// (it is stopped, so its RAM is exactly what it sent last) and the destination before it executes
/// one instruction (it waits paused with <c>-S</c>), so the two must be equal byte for byte: the
/// rule stays exact however many vCPUs were writing and however fast, and nothing the destination
/// runs afterwards can erase a lost page before it is looked at.
/// </summary>
public sealed class GuestMemoryCheck : Check<MemoryReading>
{
    public override string Name => "guest-memory";
    public override CheckMoment SourceMoment => CheckMoment.SourceAfterMigration;
    public override CheckMoment DestinationMoment => CheckMoment.DestinationPaused;

    protected override async Task<MemoryReading> ReadSideAsync(CheckTarget target, CancellationToken cancellationToken)
    {
        // Known ranges save a monitor round trip per side; a destination whose header or target list arrived wrong still differs,
        // as both lie in the ranges compared.
        var ranges = target.WrittenRanges ?? await target.Guest.WrittenRangesAsync(cancellationToken);
        // Digests first, computed where the dumps are: the bytes cross the engine only for a hop whose memory differs.
        var digests = await target.Guest.DigestManyAsync(ranges, cancellationToken);
        var guest = target.Guest;
        return new MemoryReading([])
        {
            Digests = ranges.Select((range, i) => new MemoryDigest(range.Start, range.End, digests[i])).ToArray(),
            Whole = async ct =>
            {
                var contents = await guest.ReadDumpedAsync(ranges, ct);
                return new MemoryReading(ranges.Select((range, i) => new MemoryRegion(range.Start, contents[i])).ToArray());
            },
        };
    }

    protected override CheckResult Compare(MemoryReading a, MemoryReading b)
    {
        if (a.Digests.Count > 0 && b.Digests.Count > 0)
        {
            var pages = a.Digests.Sum(d => d.Pages);
            var differing = a.Digests.Where(d => !b.Digests.Contains(d)).ToArray();
            return differing.Length == 0
                ? CheckResult.Pass(Name, $"{pages} pages equal on both sides")
                : new CheckResult(Name, Verdict.DataLoss, $"{differing.Length} of {a.Digests.Count} ranges differ from what the source sent, first at 0x{differing[0].Start:X}", [])
                {
                    Evidence = differing.Take(MemoryComparison.Listed).Select(d => $"range 0x{d.Start:X}-0x{d.End:X}: BLAKE2b-256 {d.Digest[..Math.Min(16, d.Digest.Length)]}… on the source, not on the destination").ToArray(),
                };
        }
        var comparison = MemoryComparison.Of(a.Regions, b.Regions);
        return comparison.Differing.Count == 0
            ? CheckResult.Pass(Name, comparison.Summary)
            : new CheckResult(Name, Verdict.DataLoss, comparison.Summary, []) { Evidence = comparison.Differing.Select(d => d.ToString()).ToArray() };
    }

    /// <summary>Equal digests pass as they are; differing ones fetch both sides' bytes, so the result names the pages and the words that differ.</summary>
    protected override async Task<CheckResult> CompareAsync(MemoryReading a, MemoryReading b, CancellationToken cancellationToken)
    {
        var summary = Compare(a, b);
        if (summary.Verdict == Verdict.Pass || a.Whole is null || b.Whole is null) return summary;
        var (wholeA, wholeB) = (a.Whole(cancellationToken), b.Whole(cancellationToken));
        return Compare(await wholeA, await wholeB);
    }
}

/// <summary>Guest RAM read from one side: region by region with its bytes, or as each region's digest with the way to its bytes.</summary>
public sealed record MemoryReading(IReadOnlyList<MemoryRegion> Regions) : CheckReading
{
    /// <summary>Each range's digest, when the reading holds digests instead of bytes.</summary>
    public IReadOnlyList<MemoryDigest> Digests { get; init; } = [];

    /// <summary>For a digest reading: reads the bytes the digests stand for (the dumps the digests were taken of).</summary>
    public Func<CancellationToken, Task<MemoryReading>>? Whole { get; init; }
}

/// <summary>A guest-physical range and its bytes.</summary>
public sealed record MemoryRegion(long Address, byte[] Bytes)
{
    public long End => Address + Bytes.Length;
}

/// <summary>A guest-physical range and the digest of its bytes (BLAKE2b-256, as <see cref="Qemu.ContainerShell.DigestsAsync"/> computes it).</summary>
public sealed record MemoryDigest(long Start, long End, string Digest)
{
    /// <summary>The pages the range spans (a short last page counts), as <see cref="MemoryComparison"/> counts them.</summary>
    public long Pages => (End - Start + Guest.GuestLayout.PageSize - 1) / Guest.GuestLayout.PageSize;
}
