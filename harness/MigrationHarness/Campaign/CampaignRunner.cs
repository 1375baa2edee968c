using System.Diagnostics;
using System.Threading.Channels;
using MigrationHarness.Results;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Model;
using MigrationHarness.Records;

namespace MigrationHarness.Campaign;

/// <summary>
/// Runs a campaign's cases on one or more engines, each with as many workers as its slots, until
/// the case count or the time budget is reached (cases in flight finish; none starts after the
/// budget). Workers take the next case as they free up, so cases spread by capacity. Every judged
/// case is appended to the log at once, naming its engine; with <paramref name="done"/> (a resumed
/// run) those indices are skipped. An infrastructure failure takes its engine out of the campaign:
/// that engine starts no case after it, the cases it hit go to <paramref name="infrastructureLog"/>
/// instead of the case log (a resumed run runs them again, and the case log holds every case
/// exactly once), and the other engines go on. The campaign stops when no engine is left.
/// </summary>
public sealed class CampaignRunner(IReadOnlyList<CampaignEngine> engines, CampaignPlan plan, CampaignOptions options, CaseLog log,
    IReadOnlySet<long>? done = null, Action<CaseRecord>? onCase = null, CaseLog? infrastructureLog = null)
{
    /// <summary>A campaign on one engine's pool with <see cref="CampaignOptions.Parallel"/> workers.</summary>
    public CampaignRunner(CaseRunner runner, CampaignPlan plan, CampaignOptions options, CaseLog log,
        IReadOnlySet<long>? done = null, Action<CaseRecord>? onCase = null, CaseLog? infrastructureLog = null)
        : this([new CampaignEngine("local", runner, runner.Host, Math.Max(1, options.Parallel))], plan, options, log, done, onCase, infrastructureLog)
    {
    }

    public async Task<CampaignResult> RunAsync(CancellationToken cancellationToken = default)
    {
        if (engines.Count == 0) throw new ArgumentException("a campaign needs at least one engine", nameof(engines));
        var infrastructureFailures = new List<CaseRecord>();
        var clock = Stopwatch.StartNew();
        var started = DateTime.UtcNow;
        var slots = engines.Sum(e => Math.Max(1, e.Slots));
        var queue = Channel.CreateBounded<PlannedCase>(slots);
        var records = new List<CaseRecord>();
        var recordsGate = new Lock();
        var lost = new bool[engines.Count];
        // One ledger for every worker: a failure confirmed on a unit is not re-run by the next case that shows it there.
        var ledger = new ConfirmationLedger();
        var enginesLeft = engines.Count;
        // A worker that fails (e.g. the results disk is full) stops the others and the producer, so nothing waits forever.
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Cancelled when the last engine is lost: the producer stops offering cases nobody will take.
        using var noEngines = CancellationTokenSource.CreateLinkedTokenSource(abort.Token);

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
                    abort.Token.ThrowIfCancellationRequested();
                    if (noEngines.IsCancellationRequested) break;
                    if (planned.Index >= 0) issued++;
                    if (done?.Contains(planned.Index) == true) continue;
                    await queue.Writer.WriteAsync(planned, noEngines.Token);
                }
            }
            catch (OperationCanceledException) when (noEngines.IsCancellationRequested && !abort.IsCancellationRequested)
            {
                // Every engine is lost: the cases not offered are not recorded, so a resumed run runs them.
            }
            finally
            {
                queue.Writer.TryComplete();
            }
        }, CancellationToken.None);

        var workers = engines.SelectMany((engine, e) => Enumerable.Range(0, Math.Max(1, engine.Slots)).Select(_ => Task.Run(async () =>
        {
            try
            {
                await WorkAsync(engine, e);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await abort.CancelAsync();
                throw;
            }
        }, CancellationToken.None))).ToArray();

        async Task WorkAsync(CampaignEngine engine, int e)
        {
            var confirming = new ConfirmingRunner(engine.Runner, options.Confirmations, ledger, ConfirmationPolicy.Decides,
                options.Budget is { } casesBudget ? started + casesBudget : null);
            while (!Volatile.Read(ref lost[e]) && await queue.Reader.WaitToReadAsync(abort.Token))
            {
                // Checked again after the wait: a case taken by a lost engine's worker would be neither run nor recorded.
                if (Volatile.Read(ref lost[e]) || !queue.Reader.TryRead(out var planned)) continue;
                var spec = new CaseSpec(planned.Config, planned.Scenario, planned.Builds) { Seed = plan.Seed, Index = planned.Index };
                // Cases sharing the engine's cores run slower each: their waits grow with the load, so it is never a hang.
                spec = spec with { Limits = CaseLimits.Default.UnderLoad(Math.Max(1, engine.Slots) / (double)Math.Max(1, engine.Host.Cores)) };
                if (options.Plant is { } plant) spec = plant(planned, spec);
                var confirmed = await confirming.RunAsync(spec, abort.Token);
                // The record holds the config that ran (a planted fault may have replaced it) and where it ran.
                var record = CaseRecords.From(planned with { Config = spec.Config }, plan.Seed, confirmed) with { Engine = engine.Name, EngineHost = engine.Host };
                if (confirmed.Outcome.Verdict == Model.Verdict.InfraError)
                {
                    infrastructureLog?.Append(record);
                    lock (recordsGate)
                    {
                        infrastructureFailures.Add(record);
                        if (!lost[e])
                        {
                            Volatile.Write(ref lost[e], true);
                            if (--enginesLeft == 0) noEngines.Cancel();
                        }
                    }
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
        lock (recordsGate)
            return new CampaignResult(records.OrderBy(r => r.Index).ToArray(), infrastructureFailures.ToArray())
            {
                LostEngines = engines.Where((_, e) => lost[e]).Select(engine => engine.Name).ToArray(),
                EngineCount = engines.Count,
            };
    }
}
