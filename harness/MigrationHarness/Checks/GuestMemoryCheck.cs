using MigrationHarness.Guest;
using MigrationHarness.Oracles;

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
        var ranges = await target.Guest.WrittenRangesAsync(cancellationToken);
        var contents = await target.Guest.ReadManyAsync(ranges, cancellationToken);
        return new MemoryReading(ranges.Select((range, i) => new MemoryRegion(range.Start, contents[i])).ToArray());
    }

    protected override CheckResult Compare(MemoryReading a, MemoryReading b)
    {
        var comparison = MemoryComparison.Of(a.Regions, b.Regions);
        return comparison.Differing.Count == 0
            ? CheckResult.Pass(Name, comparison.Summary)
            : new CheckResult(Name, Verdict.DataLoss, comparison.Summary, []) { Evidence = comparison.Differing.Select(d => d.ToString()).ToArray() };
    }
}

/// <summary>Guest RAM read from one side, region by region.</summary>
public sealed record MemoryReading(IReadOnlyList<MemoryRegion> Regions) : CheckReading;

/// <summary>A guest-physical range and its bytes.</summary>
public sealed record MemoryRegion(long Address, byte[] Bytes)
{
    public long End => Address + Bytes.Length;
}
