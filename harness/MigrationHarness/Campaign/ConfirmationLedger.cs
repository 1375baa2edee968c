using System.Collections.Concurrent;
using MigrationHarness.Analysis.Causes;
using MigrationHarness.Analysis.History;
using MigrationHarness.Findings;
using MigrationHarness.Model;
using MigrationHarness.Runner;

namespace MigrationHarness.Campaign;

/// <summary>
/// The failures a campaign has already confirmed, by what a confirmation decides: one failure
/// signature (verdict, failing pair, family, detail) on one unit (the case's builds, machine type
/// and guest mode). A finding and a tier depend on whether that failure exists on that unit, which
/// its first confirmed case settles; re-running every later case with the same signature there
/// would change neither, whichever scenario of the same guest mode showed it (a tier row counts
/// hops, not scenarios). The guest mode stays apart: a race a running guest loses pages to says
/// nothing of a paused one.
/// A failure is settled run-wide, by the first confirmed failure of the same verdict and kind of
/// cause on any unit, when what its confirmation decides (the causes that break a promise, else the
/// refusal a tier counts) is one of:
/// <list type="bullet">
/// <item>known bugs of the upstream history: the bug is established upstream and shown to repeat on
/// this host, and the source it is seen from is one the history says has it. Causes that break no
/// promise beside them (a drift's intended changes and TCG feature growth) decide nothing;</item>
/// <item>QEMU's machine-name check (<see cref="MachineNameRefusal"/>): it compares two names the
/// command lines decide, so one confirmation shows the harness sees it repeat.</item>
/// </list>
/// Safe for the campaign's workers to share.
/// </summary>
public sealed class ConfirmationLedger
{
    private readonly ConcurrentDictionary<string, long> _confirmed = new(StringComparer.Ordinal);

    /// <summary>The key of <paramref name="outcome"/> on its unit, or run-wide (the known bugs that explain it, or the machine-name check); null when it has no signature (nothing to confirm).</summary>
    public static string? KeyOf(CaseOutcome outcome, CaseSpec spec, UpstreamHistory? history = null)
    {
        history ??= UpstreamHistory.Default;
        // Judged on the config as the case ran it, as its record will be.
        var prepared = spec.AsRun;
        var causes = CaseCauses.Of(outcome, prepared, history);
        if (FailureSignature.Of(outcome, prepared, causes) is not { } signature) return null;
        // What a confirmation decides: the causes that break a promise; with none, the refusal a tier counts.
        IReadOnlyList<CaseCause> deciding = causes.Any(c => c.Breaks) ? causes.Where(c => c.Breaks).ToArray() : causes;
        // The accelerator stays in a run-wide key: the history's bugs are the accelerator's, and a run may use two.
        var accelerator = spec.Config.Accelerator.ToString().ToLowerInvariant();
        if (deciding.Count > 0 && deciding.All(c => IsKnownBug(c, history)))
        {
            var bugs = string.Join('+', deciding.Select(c => c.Reference!).Distinct().Order(StringComparer.Ordinal));
            return $"{outcome.Verdict.Name()}|known bug {bugs}|{accelerator}";
        }
        if (deciding.Count > 0 && deciding.All(MachineNameRefusal.Is)) return $"{outcome.Verdict.Name()}|machine-name check|{accelerator}";
        return $"{signature}|{string.Join('>', spec.Builds.Select(b => b.Name))}|{spec.Config.MachineType}|{spec.Scenario.Guest.ToString().ToLowerInvariant()}";
    }

    private static bool IsKnownBug(CaseCause cause, UpstreamHistory history) =>
        cause.Kind != CauseKind.IntendedChange && cause.Reference is { } id && history.Find(id) is { Intended: false };

    /// <summary>The index of the case that confirmed <paramref name="key"/>, if one did.</summary>
    public long? ConfirmedBy(string key) => _confirmed.TryGetValue(key, out var index) ? index : null;

    /// <summary>Records that case <paramref name="index"/> confirmed <paramref name="key"/> (the first one stays).</summary>
    public void Confirm(string key, long index) => _confirmed.TryAdd(key, index);
}
