using MigrationHarness.Results;
using MigrationHarness.Campaign;

namespace MigrationHarness.Tiers;

/// <summary>
/// Adds up every hop of every case per (older build, newer build, machine type) into the tier met:
/// any crash, hang, drift or data loss → broken; a clean failure forward → clean-failure; forward
/// always passing → forward, and bidirectional when backward passes too; only refusals for a
/// machine type one side lacks → unsupported. Not-applicable cases do not count.
/// </summary>
public static class TierClassifier
{
    public static IReadOnlyList<TierRow> Classify(IEnumerable<CaseRecord> records, Func<string, string, bool> isOlder)
    {
        var groups = new Dictionary<(string, string, string), Counts>();
        foreach (var record in records)
        {
            foreach (var hop in record.Hops)
            {
                var forward = isOlder(hop.From, hop.To);
                var (older, newer) = forward ? (hop.From, hop.To) : (hop.To, hop.From);
                var key = (older, newer, record.MachineType);
                if (!groups.TryGetValue(key, out var c)) groups[key] = c = new Counts();
                switch (hop.Verdict)
                {
                    case "pass": if (forward) c.ForwardPass++; else c.BackwardPass++; break;
                    case "clean-reject" when MachineMissing(hop): c.Unsupported++; break;
                    case "clean-reject": if (forward) c.ForwardReject++; else c.BackwardReject++; break;
                    case var broken when Oracles.VerdictTable.IsBroken(broken): c.Broken++; c.BrokenCases.Add(record.Id); break;
                }
            }
        }
        return groups.OrderBy(g => g.Key.Item3, StringComparer.Ordinal).ThenBy(g => g.Key.Item1, StringComparer.Ordinal).ThenBy(g => g.Key.Item2, StringComparer.Ordinal)
            .Select(g =>
            {
                var (older, newer, machine) = g.Key;
                var c = g.Value;
                var tier = c.Broken > 0 ? SupportTier.Broken
                    : c.ForwardReject > 0 ? SupportTier.CleanFailure
                    : c.ForwardPass > 0 && c.BackwardReject == 0 && c.BackwardPass > 0 ? SupportTier.Bidirectional
                    : c.ForwardPass > 0 ? SupportTier.Forward
                    : c.Unsupported > 0 ? SupportTier.Unsupported
                    : c.BackwardReject > 0 ? SupportTier.CleanFailure
                    : SupportTier.Untested;
                var expected = SupportTiers.Expected(machine);
                return new TierRow(older, newer, machine, tier.Name(), expected.Name(), tier.Meets(expected),
                    c.ForwardPass, c.ForwardReject, c.BackwardPass, c.BackwardReject, c.Broken, c.Unsupported, c.BrokenCases.Distinct().ToArray());
            }).ToArray();
    }

    /// <summary>The destination refused the config because it does not have the machine type at all.</summary>
    private static bool MachineMissing(HopSummary hop) =>
        (hop.Error ?? "").Contains("unsupported machine type", StringComparison.Ordinal)
        || (hop.DestinationStderrTail ?? "").Contains("unsupported machine type", StringComparison.Ordinal);

    private sealed class Counts
    {
        public int ForwardPass, ForwardReject, BackwardPass, BackwardReject, Broken, Unsupported;
        public List<string> BrokenCases { get; } = [];
    }
}
