using MigrationHarness.Results;
using System.Diagnostics;
using MigrationHarness.Model;
using MigrationHarness.Records;

namespace MigrationHarness.Campaign;

/// <summary>
/// The running tally of a campaign for a progress display: cases done, rate, verdict counts, the
/// failures so far and the time left (from the case limit at the current rate, or the budget,
/// whichever ends first). Thread-safe: workers record, the display reads snapshots.
/// </summary>
public sealed class CampaignProgress(long? plannedCases, TimeSpan? budget, long alreadyDone = 0)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly List<CaseRecord> _failures = [];
    private long _done;

    public void Record(CaseRecord record)
    {
        lock (_gate)
        {
            _done++;
            _counts[record.Verdict.Name()] = _counts.GetValueOrDefault(record.Verdict.Name()) + 1;
            if (record.Verdict is not (Verdict.Pass or Verdict.NotApplicable)) _failures.Add(record);
        }
    }

    public ProgressSnapshot Snapshot() => Snapshot(_clock.Elapsed);

    /// <summary>The tally as it stands <paramref name="elapsed"/> after the start (a parameter so tests need no clock).</summary>
    public ProgressSnapshot Snapshot(TimeSpan elapsed)
    {
        lock (_gate)
        {
            var perMinute = elapsed.TotalSeconds >= 1 && _done > 0 ? _done / elapsed.TotalMinutes : (double?)null;
            TimeSpan? left = null;
            if (plannedCases is { } planned && perMinute is { } rate)
                left = TimeSpan.FromMinutes(Math.Max(0, planned - alreadyDone - _done) / rate);
            if (budget is { } b)
            {
                var remaining = b > elapsed ? b - elapsed : TimeSpan.Zero;
                left = left is { } l && l < remaining ? l : remaining;
            }
            return new ProgressSnapshot(alreadyDone + _done, plannedCases, elapsed, perMinute,
                _counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value)).ToArray(),
                _failures.ToArray(), left);
        }
    }
}
