using MigrationHarness.Runner;
using MigrationHarness.Scenarios;

namespace MigrationHarness.Campaign;

/// <summary>A case's first outcome, the verdicts of its confirmation re-runs, and whether they disagreed.</summary>
public sealed record ConfirmedOutcome(CaseOutcome Outcome, IReadOnlyList<string> Confirmations, bool Flaky);
