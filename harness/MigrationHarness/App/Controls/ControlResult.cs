using MigrationHarness.Model;
using MigrationHarness.Oracles;
using MigrationHarness.Runner;

namespace MigrationHarness.App.Controls;

/// <summary>One build migrated to itself: its seed, how long it took, and every case it judged.</summary>
public sealed record ControlResult(string Build, ulong Seed, TimeSpan Duration, IReadOnlyList<ControlCase> Cases);

/// <summary>
/// One control case: its outcome, and when every cause of a failure is named by the shipped upstream history
/// (a known bug of that build, or an intended change), that label: such a failure is not news.
/// </summary>
public sealed record ControlCase(int Index, CaseSpec Spec, CaseOutcome Outcome, string? Known)
{
    /// <summary>A failure the controls fail on: a finding outside the upstream baseline.</summary>
    public bool IsNews => Outcome.Verdict.Info().IsFinding && Known is null;
}
