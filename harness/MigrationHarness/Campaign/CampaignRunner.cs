using System.Diagnostics;
using System.Threading.Channels;
using MigrationHarness.Results;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;

namespace MigrationHarness.Campaign;

/// <summary>
/// Runs a campaign's cases with N workers until the case count or the time budget is reached
/// (cases in flight finish; none starts after the budget). Every judged case is appended to the
/// log at once; with <paramref name="done"/> (a resumed run) those indices are skipped.
/// An infrastructure failure stops the campaign: no case starts after it, and the cases it hit go
/// to <paramref name="infrastructureLog"/> instead of the case log, so a resumed run runs them again
/// and the case log holds every case exactly once.
/// </summary>
public sealed class CampaignRunner(CaseRunner runner, CampaignPlan plan, CampaignOptions options, CaseLog log,
    IReadOnlySet<long>? done = null, Action<CaseRecord>? onCase = null, CaseLog? infrastructureLog = null)
{
    public async Task<CampaignResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var infrastructureFailures = new List<CaseRecord>();
        var clock = Stopwatch.StartNew();
        var confirming = new ConfirmingRunner(runner, options.Confirmations);
        var queue = Channel.CreateBounded<PlannedCase>(Math.Max(1, options.Parallel));
        var records = new List<CaseRecord>();
        var recordsGate = new Lock();
        var stopped = false;
        // A worker that fails (e.g. the results disk is full) stops the others and the producer, so nothing waits forever.
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var producer = Task.Run(async () =>
        {
            try
            {
                long issued = 0;
                foreach (var planned in plan.Cases())
                {
                    // The case limit counts generated cases; regression cases come on top.
                    if (options.Cases is { } limit && issued >= limit && planned.Index >= 0) break;
                    if (options.Budget is { } budget && clock.Elapsed >= budget) break;
                    if (Volatile.Read(ref stopped)) break;
                    abort.Token.ThrowIfCancellationRequested();
                    if (planned.Index >= 0) issued++;
                    if (done?.Contains(planned.Index) == true) continue;
                    await queue.Writer.WriteAsync(planned, abort.Token);
                }
            }
            finally
            {
                queue.Writer.TryComplete();
            }
        }, CancellationToken.None);

        var workers = Enumerable.Range(0, Math.Max(1, options.Parallel)).Select(_ => Task.Run(async () =>
        {
            try
            {
                await WorkAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await abort.CancelAsync();
                throw;
            }
        }, CancellationToken.None)).ToArray();

        async Task WorkAsync()
        {
            await foreach (var planned in queue.Reader.ReadAllAsync(abort.Token))
            {
                if (Volatile.Read(ref stopped)) continue;
                var spec = new CaseSpec(planned.Config, planned.Scenario, planned.Builds) { Seed = plan.Seed, Index = planned.Index };
                if (options.Plant is { } plant) spec = plant(planned, spec);
                var confirmed = await confirming.RunAsync(spec, abort.Token);
                // The record holds the config that ran (a planted fault may have replaced it).
                var record = CaseRecords.From(planned with { Config = spec.Config }, plan.Seed, confirmed);
                if (confirmed.Outcome.Verdict == Oracles.Verdict.InfraError)
                {
                    Volatile.Write(ref stopped, true);
                    infrastructureLog?.Append(record);
                    lock (recordsGate) infrastructureFailures.Add(record);
                }
                else
                {
                    log.Append(record);
                    lock (recordsGate) records.Add(record);
                }
                onCase?.Invoke(record);
            }
        }

        var all = workers.Append(producer).ToArray();
        try
        {
            await Task.WhenAll(all);
        }
        catch (Exception) when (all.Select(t => t.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException) is { } failure
                                && !cancellationToken.IsCancellationRequested)
        {
            // The cause, not the cancellations it caused in the other workers.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
        lock (recordsGate) return new CampaignResult(records.OrderBy(r => r.Index).ToArray(), infrastructureFailures.ToArray());
    }
}
