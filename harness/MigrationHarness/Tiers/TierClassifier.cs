using MigrationHarness.Results;
using MigrationHarness.Scenarios;
using MigrationHarness.Model;
using MigrationHarness.Records;

namespace MigrationHarness.Tiers;

/// <summary>
/// Adds up every hop of every case per (older build, newer build, machine type) into the tier met:
/// a confirmed crash, hang, drift or data loss → broken; a clean refusal forward that the scenario
/// did not expect → clean-failure; forward passing with enough evidence (<see cref="TierEvidenceRule"/>)
/// → forward, and bidirectional when backward has enough too and never refused; only refusals for
/// a machine type one side lacks → unsupported; anything less → insufficient evidence (or untested
/// when nothing was judged). Flaky hops are counted apart; not-applicable cases do not count.
/// </summary>
public static class TierClassifier
{
    /// <param name="breaks">
    /// Whether a case's failing hop breaks what the row stands for. By default QEMU's promise
    /// (<see cref="BreaksPromise"/>); a downstream's claim of an identical guest ABI passes its own.
    /// </param>
    public static IReadOnlyList<TierRow> Classify(IEnumerable<CaseRecord> records, Func<string, string, bool> isOlder, TierEvidenceRule? rule = null,
        Coverage.RunUniverse? universe = null, Func<CaseRecord, bool>? breaks = null)
    {
        rule ??= TierEvidenceRule.Default;
        breaks ??= BreaksPromise;
        var groups = new Dictionary<(string, string, string), Counts>();
        foreach (var record in records)
        {
            var running = ScenarioName.Parse(record.Scenario).Mode == GuestMode.Running;
            var expectsRefusal = ExpectsRefusal(record.Scenario);
            var config = Configs.ConfigJson.Serialize(record.Config);
            foreach (var hop in record.Hops)
            {
                var forward = isOlder(hop.From, hop.To);
                var (older, newer) = forward ? (hop.From, hop.To) : (hop.To, hop.From);
                var key = (older, newer, record.MachineType);
                if (!groups.TryGetValue(key, out var c)) groups[key] = c = new Counts();
                if (hop.Verdict is Verdict.NotApplicable or Verdict.InfraError) continue;
                if (c.Cases.Add(record.Id)) c.Coverage.Add(Coverage.CaseCoverage.Of(record));
                c.Scenarios[record.Scenario] = c.Scenarios.GetValueOrDefault(record.Scenario) + 1;
                if (hop.Verdict != Verdict.Pass && record.Flaky) { c.Flaky++; c.FlakyCases.Add(record.Id); continue; }
                // A drift no promise covers (accelerator growth, CPU mode, an intended change, backward, an alias) neither breaks the row nor supports it.
                if (hop.Verdict != Verdict.Pass && hop.Verdict.IsBroken() && !breaks(record))
                {
                    c.NotPromised++;
                    continue;
                }
                switch (hop.Verdict)
                {
                    case var broken when broken.IsBroken(): c.Broken++; c.BrokenCases.Add(record.Id); break;
                    case Verdict.CleanReject when MachineMissing(hop): c.Unsupported++; break;
                    case Verdict.CleanReject when expectsRefusal: c.ExpectedRejects++; break;
                    case Verdict.CleanReject when forward: c.ForwardReject++; c.RejectCases.Add(record.Id); break;
                    case Verdict.CleanReject: c.BackwardReject++; break;
                    // A pass of a respelt destination says nothing about the same config on both sides.
                    case Verdict.Pass when expectsRefusal: break;
                    case Verdict.Pass when forward: c.ForwardPass++; c.ForwardConfigs.Add(config); if (running) c.ForwardRunning++; break;
                    case Verdict.Pass: c.BackwardPass++; c.BackwardConfigs.Add(config); if (running) c.BackwardRunning++; break;
                }
            }
        }
        return groups.OrderBy(g => g.Key.Item3, StringComparer.Ordinal).ThenBy(g => g.Key.Item1, StringComparer.Ordinal).ThenBy(g => g.Key.Item2, StringComparer.Ordinal)
            .Select(g => Row(g.Key, g.Value, rule, universe)).ToArray();
    }

    private static TierRow Row((string Older, string Newer, string Machine) key, Counts c, TierEvidenceRule rule, Coverage.RunUniverse? universe)
    {
        var forwardEnough = rule.Enough(c.ForwardConfigs.Count, c.ForwardRunning);
        var backwardEnough = rule.Enough(c.BackwardConfigs.Count, c.BackwardRunning);
        var tier = c.Broken > 0 ? SupportTier.Broken
            : c.ForwardReject > 0 ? SupportTier.CleanFailure
            : forwardEnough && backwardEnough && c.BackwardReject == 0 ? SupportTier.Bidirectional
            : forwardEnough ? SupportTier.Forward
            : c.Unsupported > 0 && c.ForwardPass + c.BackwardPass + c.BackwardReject == 0 ? SupportTier.Unsupported
            : c.ForwardPass + c.BackwardPass + c.BackwardReject + c.ExpectedRejects + c.Flaky + c.NotPromised > 0 ? SupportTier.InsufficientEvidence
            : SupportTier.Untested;
        var expected = SupportTiers.Expected(key.Machine);
        var status = tier.Rank() is null || expected.Rank() is null ? TierStatus.NotJudged
            : tier.Meets(expected) ? TierStatus.Met : TierStatus.Violated;
        var evidence = new TierEvidence(
            ForwardPass: c.ForwardPass, ForwardReject: c.ForwardReject, BackwardPass: c.BackwardPass, BackwardReject: c.BackwardReject,
            ForwardConfigs: c.ForwardConfigs.Count, BackwardConfigs: c.BackwardConfigs.Count, ForwardRunning: c.ForwardRunning, BackwardRunning: c.BackwardRunning,
            ExpectedRejects: c.ExpectedRejects, Broken: c.Broken, Unsupported: c.Unsupported, FlakyHops: c.Flaky,
            Scenarios: new SortedDictionary<string, int>(c.Scenarios, StringComparer.Ordinal),
            BrokenCases: c.BrokenCases.Distinct().ToArray(), RejectCases: c.RejectCases.Distinct().ToArray(), FlakyCases: c.FlakyCases.Distinct().ToArray())
        {
            Coverage = Coverage.CoverageCounts.Of(c.Coverage, universe?.Row(key.Older, key.Newer, key.Machine)),
            NotPromised = c.NotPromised,
        };
        return new TierRow(key.Older, key.Newer, key.Machine, tier, expected, status, evidence);
    }

    /// <summary>QEMU's promise: a case breaks it when one of its causes does (a record written before causes were kept: any broken verdict).</summary>
    public static bool BreaksPromise(CaseRecord record) => record.Causes.Count == 0 || record.Causes.Any(c => c.Breaks);

    /// <summary>
    /// A claim of an identical guest ABI: any cause breaks it (an intended upstream change too) except
    /// what no management stack would let the guest see: accelerator capability (the CPU is pinned) and
    /// the CPU mode a 32-bit read happens in.
    /// </summary>
    public static bool BreaksIdenticalAbi(CaseRecord record) =>
        record.Causes.Count == 0 || record.Causes.Any(c => c.Kind is not (Analysis.Causes.CauseKind.AcceleratorCapability or Analysis.Causes.CauseKind.CpuMode));

    /// <summary>Whether the recorded scenario expects the destination to refuse (e.g. mem= against memdev=).</summary>
    private static bool ExpectsRefusal(string scenario)
    {
        try { return Scenario.Parse(scenario).Expected == ExpectedOutcome.CleanReject; }
        catch (FormatException) { return false; }
    }

    /// <summary>The destination refused the config because it does not have the machine type at all.</summary>
    private static bool MachineMissing(HopSummary hop) =>
        (hop.Error ?? "").Contains("unsupported machine type", StringComparison.Ordinal)
        || (hop.DestinationStderrTail ?? "").Contains("unsupported machine type", StringComparison.Ordinal);

    private sealed class Counts
    {
        public int ForwardPass, ForwardReject, BackwardPass, BackwardReject, ForwardRunning, BackwardRunning, ExpectedRejects, Broken, Unsupported, Flaky, NotPromised;
        public HashSet<string> ForwardConfigs { get; } = new(StringComparer.Ordinal);
        public HashSet<string> BackwardConfigs { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> Scenarios { get; } = new(StringComparer.Ordinal);
        public List<string> BrokenCases { get; } = [];
        public List<string> RejectCases { get; } = [];
        public List<string> FlakyCases { get; } = [];
        public HashSet<string> Cases { get; } = new(StringComparer.Ordinal);
        public List<IReadOnlyList<Configs.Coverage.CoverageClass>> Coverage { get; } = [];
    }
}
