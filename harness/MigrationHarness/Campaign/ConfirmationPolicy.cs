using MigrationHarness.Analysis.Causes;
using MigrationHarness.Findings;
using MigrationHarness.Oracles;
using MigrationHarness.Runner;
using MigrationHarness.Model;

namespace MigrationHarness.Campaign;

/// <summary>
/// Which failures a campaign re-runs: those its outcome or a tier depends on. A cause that breaks
/// a promise fails the run; a refusal the tier counts (one the scenario did not ask for, for a
/// machine type both builds have) lowers it. Drift and failures no promise covers change neither
/// (a tier counts them only as "something was judged"), so they are recorded as first seen.
/// </summary>
public static class ConfirmationPolicy
{
    public static bool Decides(Verdict verdict, IReadOnlyList<CaseCause> causes) =>
        causes.Any(c => c.Breaks)
        || (verdict == Verdict.CleanReject && causes.All(c => c.Promise is not ("expected-by-scenario" or "machine-type-missing")));

    /// <summary>The policy for a case run by <see cref="ConfirmingRunner"/>: its causes as the case record will hold them.</summary>
    public static bool Decides(CaseOutcome outcome, CaseSpec spec) =>
        Decides(outcome.Verdict, CaseCauses.Of(outcome, spec.AsRun));
}
