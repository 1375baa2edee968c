using MigrationHarness.Oracles;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;

namespace MigrationHarness.Campaign;

/// <summary>
/// Runs a case and, when it does not pass, runs it again (default twice) before it counts: a
/// verdict that does not repeat is reported as flaky. Not-applicable and infrastructure verdicts
/// are not confirmed: they are not findings. An infrastructure failure during a confirmation makes
/// the whole case an infrastructure failure.
/// </summary>
public sealed class ConfirmingRunner(CaseRunner runner, int confirmations = 2)
{
    public async Task<ConfirmedOutcome> RunAsync(CaseSpec spec, CancellationToken cancellationToken = default)
    {
        var outcome = await runner.RunAsync(spec, cancellationToken);
        if (outcome.Verdict is Verdict.Pass or Verdict.NotApplicable or Verdict.InfraError) return new ConfirmedOutcome(outcome, [], false);
        var seen = new List<string>();
        for (var i = 0; i < confirmations; i++)
        {
            var again = await runner.RunAsync(spec, cancellationToken);
            // The infrastructure failed under a confirmation: the finding is unconfirmed, and the case must be run again later.
            if (again.Verdict == Verdict.InfraError) return new ConfirmedOutcome(again, seen, false);
            seen.Add(again.Verdict.Name());
        }
        return new ConfirmedOutcome(outcome, seen, seen.Any(v => v != outcome.Verdict.Name()));
    }
}
