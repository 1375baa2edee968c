using MigrationHarness.Configs;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;

namespace MigrationHarness.Results;

/// <summary>The smallest config found that still fails with the same signature, and what finding it cost.</summary>
public sealed record ShrinkResult(VmConfig Original, VmConfig Shrunk, CaseOutcome ShrunkOutcome, int Runs, TimeSpan Duration, bool BudgetExhausted)
{
    /// <summary>A smaller config that failed the same way once but not on every confirmation run (so the original stands).</summary>
    public VmConfig? Unconfirmed { get; init; }
}
