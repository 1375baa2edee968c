using System.Collections.Concurrent;
using MigrationHarness.Findings;
using MigrationHarness.Runner;

namespace MigrationHarness.Campaign;

/// <summary>
/// The failures a campaign has already confirmed, by what a confirmation decides: one failure
/// signature on one unit (its builds in hop order, machine type and scenario). A finding and a
/// tier depend on whether that failure exists on that unit, which its first confirmed case
/// settles; re-running every later case with the same signature there would change neither. Safe
/// for the campaign's workers to share.
/// </summary>
public sealed class ConfirmationLedger
{
    private readonly ConcurrentDictionary<string, long> _confirmed = new(StringComparer.Ordinal);

    /// <summary>The key of <paramref name="outcome"/> on its unit; null when it has no signature (nothing to confirm).</summary>
    public static string? KeyOf(CaseOutcome outcome, CaseSpec spec) =>
        FailureSignature.Of(outcome, spec) is { } signature
            ? $"{signature}|{string.Join('>', spec.Builds.Select(b => b.Name))}|{spec.Config.MachineType}|{spec.Scenario.Name}"
            : null;

    /// <summary>The index of the case that confirmed <paramref name="key"/>, if one did.</summary>
    public long? ConfirmedBy(string key) => _confirmed.TryGetValue(key, out var index) ? index : null;

    /// <summary>Records that case <paramref name="index"/> confirmed <paramref name="key"/> (the first one stays).</summary>
    public void Confirm(string key, long index) => _confirmed.TryAdd(key, index);
}
