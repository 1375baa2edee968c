using MigrationHarness.Oracles;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Model;

namespace MigrationHarness.Campaign;

/// <summary>
/// Runs a case and, when it does not pass, runs it again where that decides something
/// (<paramref name="decides"/>; by default every failure): once, and
/// once more only when the first re-run disagrees (up to <paramref name="confirmations"/> re-runs),
/// so a verdict that does not repeat is reported as flaky. With a <paramref name="ledger"/>, a
/// failure whose signature was already confirmed on the same unit, or that the same known bugs
/// explain as one already confirmed, is not re-run: the finding and the tier it feeds are settled,
/// and the record names the case that confirmed it.
/// Past <paramref name="confirmUntil"/> (the end of a budget's cases) no re-run starts.
/// Not-applicable and infrastructure verdicts are not confirmed: they are not findings. An
/// infrastructure failure during a confirmation makes the whole case an infrastructure failure.
/// </summary>
public sealed class ConfirmingRunner(CaseRunner runner, int confirmations = 2, ConfirmationLedger? ledger = null,
    Func<CaseOutcome, CaseSpec, bool>? decides = null, DateTime? confirmUntil = null)
{
    public async Task<ConfirmedOutcome> RunAsync(CaseSpec spec, CancellationToken cancellationToken = default)
    {
        var outcome = await runner.RunAsync(spec, cancellationToken);
        if (outcome.Verdict is Verdict.Pass or Verdict.NotApplicable or Verdict.InfraError || confirmations == 0) return new ConfirmedOutcome(outcome, [], false);
        if (decides is not null && !decides(outcome, spec)) return new ConfirmedOutcome(outcome, [], false);
        // Past the cases' share of a budget no re-run starts: the reproducer step re-runs what fails the run anyway.
        if (DateTime.UtcNow >= confirmUntil) return new ConfirmedOutcome(outcome, [], false);
        var key = ledger is null ? null : ConfirmationLedger.KeyOf(outcome, spec);
        if (key is not null && ledger!.ConfirmedBy(key) is { } by) return new ConfirmedOutcome(outcome, [], false) { ConfirmedBy = by };
        var seen = new List<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < confirmations; i++)
        {
            var again = await runner.RunAsync(spec, cancellationToken);
            // The infrastructure failed under a confirmation: the finding is unconfirmed, and the case must be run again later.
            if (again.Verdict == Verdict.InfraError) return new ConfirmedOutcome(again, seen, false) { ConfirmationTime = clock.Elapsed };
            seen.Add(again.Verdict.Name());
            // A re-run that agrees settles it; one that disagrees asks for one more to tell a flake from a changed verdict.
            if (again.Verdict == outcome.Verdict) break;
        }
        var flaky = seen.Any(v => v != outcome.Verdict.Name());
        if (!flaky && key is not null) ledger!.Confirm(key, spec.Index);
        return new ConfirmedOutcome(outcome, seen, flaky) { ConfirmationTime = clock.Elapsed };
    }
}
