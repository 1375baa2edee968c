using MigrationHarness.Runner;
using MigrationHarness.Scenarios;

namespace MigrationHarness.Campaign;

/// <summary>A case's first outcome, the verdicts of its confirmation re-runs, and whether they disagreed.</summary>
public sealed record ConfirmedOutcome(CaseOutcome Outcome, IReadOnlyList<string> Confirmations, bool Flaky)
{
    /// <summary>The index of the earlier case whose re-runs confirmed the same failure on the same unit, or the same known bugs (this one was not re-run).</summary>
    public long? ConfirmedBy { get; init; }

    /// <summary>The time the confirmation re-runs took together.</summary>
    public TimeSpan ConfirmationTime { get; init; }
}
