using MigrationHarness.Builds;
using MigrationHarness.Campaign;
using MigrationHarness.Containers;
using MigrationHarness.Model;
using MigrationHarness.Qemu;
using MigrationHarness.Records;
using MigrationHarness.Results;
using MigrationHarness.Runner;

namespace MigrationHarness.App.Runs;

/// <summary>
/// <c>mh run</c> as one application step: settle the engines and accelerators, plan the campaign and record
/// its manifest (<see cref="CampaignRun.Plan"/>), run the cases, write the reproducers the budget allows and
/// finish the run (<see cref="CampaignRun.Finish"/>). It writes progress lines to <paramref name="output"/>
/// and trouble to <paramref name="errors"/>; the command prints the summary from the returned outcome.
/// </summary>
/// <param name="display">Makes the display that shows the campaign while it runs.</param>
public sealed partial class CampaignRun(RunSettings settings, Func<CampaignProgress, ICampaignDisplay> display, TextWriter output, TextWriter errors)
{
    public async Task<RunOutcome> ExecuteAsync(CancellationToken cancellationToken = default)
    {
        // A --budget bounds the whole run from here: probing, cases, reproducers and reports.
        var commandStarted = DateTime.UtcNow;
        var request = settings.Request;
        using var session = await HarnessSession.CreateAsync(request.BuildsFile, cancellationToken, settings.Engines.FirstOrDefault()?.Endpoint);
        var planSource = settings.PlanSource;
        var selected = planSource is not null ? planSource.Builds.Select(r => session.Catalog.Get(r.Name)).ToArray()
            : request.Builds.Count > 0 ? request.Builds.Select(session.Catalog.Get).ToArray() : session.Catalog.Builds.ToArray();
        if (selected.Length < 2) throw new BadInputException("a campaign needs at least two builds");
        var ready = await session.ResolveAsync(selected, cancellationToken);
        if (settings.Pairs is { } pairs)
            foreach (var (older, newer) in pairs)
                if (ready.All(r => r.Name != older) || ready.All(r => r.Name != newer)) throw new BadInputException($"--pair {older}:{newer} names a build that is not selected");

        var runId = settings.Previous?.RunId ?? HarnessSession.NewRunId();
        var runDirectory = request.ResumeDirectory ?? Path.Combine(session.ResultsRoot, runId);
        var workspace = new RunWorkspace(runId + "-" + Guid.NewGuid().ToString("n")[..4]);
        await using var engines = await EngineSet.OpenAsync(session.Docker, await session.ProbeHostAsync(cancellationToken), settings.Engines.FirstOrDefault()?.Slots,
            settings.Engines.Skip(1).ToArray(), workspace, ready, request.Parallel, cancellationToken);
        var planned = await PlanAsync(session, ready, engines, runId, runDirectory, cancellationToken);

        var started = DateTime.UtcNow;
        var runBudget = settings.Budget is { } total ? new RunBudget(commandStarted, total) : null;
        var result = await RunCasesAsync(planned, engines, runBudget, cancellationToken);
        var records = CaseLog.Read(planned.LogPath);
        var casesTime = DateTime.UtcNow - started;
        var finished = await FinishAsync(planned, engines, result, records, runBudget, cancellationToken);
        var times = new RunTimes(casesTime, finished.ReproducersTime, finished.ShrinkTime, DateTime.UtcNow - commandStarted);
        return new RunOutcome(runDirectory, finished.Report, records, result, times)
        {
            Engines = engines.Members.Select(m => m.Name).ToArray(), LeftForLater = finished.LeftForLater, ExporterProblems = finished.ExporterProblems,
        };
    }

    private async Task<CampaignResult> RunCasesAsync(PlannedRun planned, EngineSet engines, RunBudget? runBudget, CancellationToken cancellationToken)
    {
        var request = settings.Request;
        var plan = planned.Plan;
        var done = CaseLog.Read(planned.LogPath).Select(r => r.Index).ToHashSet();
        if (done.Count > 0) output.WriteLine($"resuming: {done.Count} cases already recorded");
        if (settings.CorpusEntries.Count > 0)
            output.WriteLine($"regression corpus: {plan.Corpus.Count(c => plan.InShard(c.Index))} reproducers first, from {string.Join(", ", settings.CorpusFolders.Select(Display))}");
        foreach (var (entry, why) in planned.SkippedCorpus) output.WriteLine($"regression corpus: skipped {Display(entry.Path)}: {why}");

        var campaignEngines = engines.Members.Select(m => m.ForCampaign).ToArray();
        var casesBudget = runBudget?.CasesLeft(DateTime.UtcNow);
        var options = new CampaignOptions(planned.Seed, settings.Cases, casesBudget, request.Parallel, request.Confirmations);
        var shown = display(new CampaignProgress(request.ReplayIndex is null ? settings.Cases + plan.Corpus.Count(c => plan.InShard(c.Index)) : 1, casesBudget, done.Count));
        using var log = new CaseLog(planned.LogPath);
        using var infrastructureLog = new CaseLog(Path.Combine(planned.RunDirectory, "infra-errors.jsonl"));
        if (request.ReplayIndex is not { } index)
            return await shown.RunAsync(() => new CampaignRunner(campaignEngines, plan, options, log, done, shown.OnCase, infrastructureLog).RunAsync(cancellationToken));

        var replayed = ReplayedCase(plan, index, settings.ReplayFrom);
        var confirmed = await new ConfirmingRunner(campaignEngines[0].Runner, request.Confirmations).RunAsync(
            new CaseSpec(replayed.Config, replayed.Scenario, replayed.Builds) { Seed = planned.Seed, Index = index }, cancellationToken);
        var record = CaseRecords.From(replayed, planned.Seed, confirmed) with { Engine = campaignEngines[0].Name, EngineHost = campaignEngines[0].Host };
        var infrastructure = confirmed.Outcome.Verdict == Verdict.InfraError;
        (infrastructure ? infrastructureLog : log).Append(record);
        shown.OnCase(record);
        return new CampaignResult(infrastructure ? [] : [record], infrastructure ? [record] : []);
    }

    /// <summary>
    /// The case to replay: the recorded one (config, scenario and builds from the run's case log) when
    /// <paramref name="from"/> is given, else the seed's case regenerated on this host.
    /// </summary>
    private PlannedCase ReplayedCase(CampaignPlan plan, long index, RunFolder? from)
    {
        var generated = plan.Case(index);
        if (from is null)
        {
            output.WriteLine($"replay: case {index} regenerated from seed {plan.Seed} (give --from RUN to replay the recorded config)");
            return generated;
        }
        var record = from.Cases.FirstOrDefault(c => c.Index == index)
                     ?? throw new BadInputException($"--from {from.Directory}: no case {index} in its cases.jsonl");
        if (!Equals(record.Config, generated.Config))
            output.WriteLine($"replay: the recorded config of case {index} differs from what the seed gives here; replaying the recorded one");
        var builds = record.Builds.Select(name => generated.Builds.FirstOrDefault(b => b.Name == name)
                                                  ?? throw new BadInputException($"--from: case {index} ran on {name}, which this replay does not have")).ToArray();
        return generated with { Config = record.Config, Scenario = RunOptionText.Scenario(record.Scenario), Builds = builds };
    }

    private static string Display(string path) => Path.GetRelativePath(Environment.CurrentDirectory, path);
}
