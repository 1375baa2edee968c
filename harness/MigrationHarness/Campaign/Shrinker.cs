using MigrationHarness.Findings;
using MigrationHarness.Results;
using System.Diagnostics;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Configs.Shrinking;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;

namespace MigrationHarness.Campaign;

/// <summary>
/// Shrinks a confirmed failure with real re-runs: walks the generators' shrink candidates (the
/// same ones FsCheck's shrinking uses), boldest first, and takes the first that fails with the same
/// exact signature (<see cref="FailureSignature"/>), until none does or the budget (runs and time)
/// is spent; the result is confirmed three more times before it stands for the bug.
/// </summary>
public sealed class Shrinker(CaseRunner runner, int maxRuns = 100, TimeSpan? maxTime = null)
{
    private readonly TimeSpan _maxTime = maxTime ?? TimeSpan.FromSeconds(90);

    public async Task<ShrinkResult> ShrinkAsync(CaseSpec failing, CaseOutcome outcome, ConfigSpace? space, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var signature = FailureSignature.Of(outcome, failing);
        var (current, currentOutcome, runs) = (failing.Config, outcome, 0);
        var exhausted = false;
        var progress = true;
        while (progress && !exhausted)
        {
            progress = false;
            foreach (var candidate in VmConfigShrinker.Shrink(current, space))
            {
                if (runs >= maxRuns || clock.Elapsed >= _maxTime) { exhausted = true; break; }
                runs++;
                var attempt = await runner.RunAsync(failing with { Config = candidate }, cancellationToken);
                if (FailureSignature.Of(attempt, failing with { Config = candidate }) != signature) continue;
                (current, currentOutcome, progress) = (candidate, attempt, true);
                break;
            }
        }
        // The smaller config must fail the same way every time before it stands for the bug: three more runs, each with the
        // exact signature; otherwise the original (already confirmed) config is the reproducer.
        if (!Equals(current, failing.Config))
        {
            for (var i = 0; i < Confirmations; i++)
            {
                runs++;
                var again = await runner.RunAsync(failing with { Config = current }, cancellationToken);
                if (FailureSignature.Of(again, failing with { Config = current }) == signature) { currentOutcome = again; continue; }
                return new ShrinkResult(failing.Config, failing.Config, outcome, runs, clock.Elapsed, exhausted) { Unconfirmed = current };
            }
        }
        return new ShrinkResult(failing.Config, current, currentOutcome, runs, clock.Elapsed, exhausted);
    }

    /// <summary>How many times the shrunk config must fail the same way again before it is the reproducer.</summary>
    public const int Confirmations = 3;
}
