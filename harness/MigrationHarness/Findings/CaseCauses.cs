using MigrationHarness.Abi;
using MigrationHarness.Analysis.Causes;
using MigrationHarness.Analysis.History;
using MigrationHarness.Analysis.Promises;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Oracles;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Model;
using MigrationHarness.Analysis.Differences;

namespace MigrationHarness.Findings;

/// <summary>
/// The causes a judged case showed, each judged against the promise table: a drift split into
/// atomic differences and attributed (<see cref="CauseAttribution"/>); any other verdict one cause,
/// the failure itself (a refusal to load a device's state is device state), labelled with the known
/// bug it matches. Ordered for a maintainer: promise-breaking first, then by kind and key.
/// </summary>
public static class CaseCauses
{
    public static IReadOnlyList<CaseCause> Of(CaseOutcome outcome, CaseSpec spec, UpstreamHistory? history = null, PromiseTable? promises = null)
    {
        history ??= UpstreamHistory.Default;
        promises ??= PromiseTable.Default;
        var judgement = outcome.Judgement;
        if (!judgement.Verdict.Info().IsFinding) return [];
        var hops = outcome.Observation.Hops;
        var hop = judgement.Hop is { } h && h < hops.Count ? hops[h] : null;
        var evidence = Evidence(hop, spec);
        IReadOnlyList<CaseCause> causes;
        if (judgement.Verdict == Verdict.AbiDrift && hop is not null && hop.AbiDifferences.Count > 0)
            causes = CauseAttribution.Attribute(AtomicDifferences.Of(hop.AbiDifferences), evidence, history);
        else
        {
            var detail = FailureSignature.Detail(judgement, hop);
            var kind = judgement.Verdict == Verdict.CleanReject && IsStateLoadRefusal(hop) ? CauseKind.DeviceState : CauseKind.Failure;
            var bug = history.KnownBugFor(judgement.Verdict.Name(), detail, evidence);
            causes = history.IntendedRefusalFor(judgement.Verdict.Name(), detail, evidence) is { } intended
                ? [new CaseCause(CauseKind.IntendedChange, intended.Id, $"{intended.Title} ({intended.Reference}): {intended.What}", [detail]) { Reference = intended.Id }]
                // A failure a known bug explains is that bug's finding: the same failure line without it (e.g. data loss from a
                // source the fix is in) is another cause, and must not take the bug's label, or lend its own, by running first.
                : [new CaseCause(kind, bug is null ? detail : KnownBugKey(detail, bug.Id), judgement.Reason, []) { Reference = bug?.Id }];
        }
        var direction = HopDirections.Of(evidence.SourceVersion, evidence.DestinationVersion);
        var versioned = MachineTypes.IsVersioned(spec.Config.MachineType);
        return causes.Select(c => Judge(c, judgement.Verdict, evidence.Accelerator, versioned, direction, spec.Scenario, hop, promises))
            .OrderByDescending(c => c.Breaks).ThenBy(c => c.Kind).ThenBy(c => c.Key, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The key of a failure a known bug explains: its own line first (so a baseline's pattern over the line still matches), then the bug.</summary>
    private static string KnownBugKey(string detail, string bug) => $"{detail} (known bug {bug})";

    private static CaseCause Judge(CaseCause cause, Verdict verdict, string accelerator, bool versioned, HopDirection direction, Scenario scenario,
        HopObservation? hop, PromiseTable promises)
    {
        // A refusal the scenario asked for (mem= against memdev=), or one for a machine type a build lacks, breaks nothing.
        if (verdict == Verdict.CleanReject && scenario.Expected == ExpectedOutcome.CleanReject)
            return cause with { Breaks = false, Promise = "expected-by-scenario" };
        if (verdict == Verdict.CleanReject && MachineMissing(hop))
            return cause with { Breaks = false, Promise = "machine-type-missing" };
        var row = promises.Judge(verdict.Name(), cause.Kind, accelerator, versioned, direction);
        return cause with { Breaks = row.Breaks, Promise = row.Id };
    }

    /// <summary>What QEMU reported on both sides of the judged hop, for attribution.</summary>
    public static CauseEvidence Evidence(HopObservation? hop, CaseSpec spec)
    {
        var from = hop?.From ?? spec.Builds[0].Name;
        var to = hop?.To ?? spec.Builds[^1].Name;
        var cpu = hop?.Checks.Select(c => c.Cpu).OfType<CpuEvidence>().FirstOrDefault() ?? CpuEvidence.None;
        return new CauseEvidence(spec.Config.Accelerator.ToString().ToLowerInvariant(), from, VersionOf(spec, from), to, VersionOf(spec, to))
        {
            SourceFiltered = cpu.SourceFiltered, DestinationFiltered = cpu.DestinationFiltered, Vendor = cpu.Vendor, CpuProperties = cpu.Properties,
            RamBlocks = GuestRamBlocks.Of(spec.Config),
        };
    }

    private static QemuVersion VersionOf(CaseSpec spec, string build) =>
        spec.Builds.FirstOrDefault(b => b.Name == build)?.Version ?? new QemuVersion(0, 0, 0);

    /// <summary>The destination refused to load a section of the stream: device state that does not fit.</summary>
    private static bool IsStateLoadRefusal(HopObservation? hop)
    {
        var text = $"{hop?.Error} {hop?.Destination?.Stderr}";
        // The machine type check rides the "configuration" section, but it refuses the config, not device state.
        if (text.Contains(MachineNameRefusal.Marker, StringComparison.Ordinal)) return false;
        return StateLoadMarkers.Any(m => text.Contains(m, StringComparison.Ordinal));
    }

    private static readonly string[] StateLoadMarkers =
    [
        "error while loading state", "Failed to load", "Unknown savevm section", "Missing section footer", "vring.num", "VMState", "vmstate",
    ];

    private static bool MachineMissing(HopObservation? hop) =>
        $"{hop?.Error} {hop?.Destination?.Stderr}".Contains("unsupported machine type", StringComparison.Ordinal);
}
