using MigrationHarness.Analysis.Causes;
using MigrationHarness.Campaign;
using MigrationHarness.Oracles;
using MigrationHarness.Model;

namespace MigrationHarness.Tests.Campaign;

/// <summary>A campaign re-runs a failure only where the run's outcome or a tier depends on it.</summary>
public sealed class ConfirmationPolicyTests
{
    private static CaseCause Cause(CauseKind kind, bool breaks, string promise) => new(kind, "k", "s", []) { Breaks = breaks, Promise = promise };

    [Fact]
    public void A_cause_that_breaks_a_promise_is_confirmed_whatever_else_the_case_showed()
    {
        Assert.True(ConfirmationPolicy.Decides(Verdict.AbiDrift,
            [Cause(CauseKind.Unexplained, true, "versioned-forward-same-machine"), Cause(CauseKind.AcceleratorCapability, false, "accelerator-capability")]));
        Assert.True(ConfirmationPolicy.Decides(Verdict.Crash, [Cause(CauseKind.Failure, true, "never-crash-hang-or-lose-memory")]));
    }

    [Fact]
    public void Drift_no_promise_covers_is_not_confirmed()
    {
        Assert.False(ConfirmationPolicy.Decides(Verdict.AbiDrift,
            [Cause(CauseKind.CpuMode, false, "cpu-mode"), Cause(CauseKind.IntendedChange, false, "intended-upstream-change")]));
        Assert.False(ConfirmationPolicy.Decides(Verdict.AbiDrift, [Cause(CauseKind.Unexplained, false, "backward-not-promised")]));
    }

    [Fact]
    public void A_refusal_the_tier_counts_is_confirmed_and_one_it_does_not_is_not()
    {
        Assert.True(ConfirmationPolicy.Decides(Verdict.CleanReject, [Cause(CauseKind.Failure, false, "backward-not-promised")]));
        Assert.False(ConfirmationPolicy.Decides(Verdict.CleanReject, [Cause(CauseKind.Failure, false, "expected-by-scenario")]));
        Assert.False(ConfirmationPolicy.Decides(Verdict.CleanReject, [Cause(CauseKind.Failure, false, "machine-type-missing")]));
    }
}
