using MigrationHarness.Analysis.Causes;
using MigrationHarness.Campaign;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Coverage;
using MigrationHarness.Exporters;
using MigrationHarness.Findings;
using MigrationHarness.Records;
using MigrationHarness.Results;
using MigrationHarness.Runner;

namespace MigrationHarness.App.Runs;

public sealed partial class CampaignRun
{
    private sealed record FinishedCampaign(RunReport Report, TimeSpan ReproducersTime, TimeSpan ShrinkTime, IReadOnlyList<string> LeftForLater, IReadOnlyList<string> ExporterProblems);

    /// <summary>
    /// Writes the reproducers the budget allows (most severe first, on an engine the campaign still had),
    /// then finishes the run: tiers, findings and every report. A run the infrastructure stopped gets its
    /// reproducers when it is resumed.
    /// </summary>
    private async Task<FinishedCampaign> FinishAsync(PlannedRun planned, EngineSet engines, CampaignResult result, IReadOnlyList<CaseRecord> records,
        RunBudget? runBudget, CancellationToken cancellationToken)
    {
        var reproducersStarted = DateTime.UtcNow;
        var shrinkOn = engines.Members.FirstOrDefault(m => !result.LostEngines.Contains(m.Name)) ?? engines.Primary;
        var pipeline = new ReproducerPipeline(new CaseRunner(shrinkOn.Pool, CpuPropertyRelevance.Default), shrinkOn.Pool, planned.RunDirectory, settings.Request.Shrink,
            TimeSpan.FromMinutes(3), runBudget?.ReproducersUntil);
        var resume = $"mh run --resume {Display(planned.RunDirectory)}";
        foreach (var lost in result.LostEngines.Where(_ => result.StoppedBy is null))
            errors.WriteLine($"mh: lost engine {lost}: {result.InfrastructureFailures.First(r => r.Engine == lost).Reason}; the other engines went on. " +
                             $"Its {result.InfrastructureFailures.Count(r => r.Engine == lost)} case(s) are in infra-errors.jsonl and run again on: {resume}");
        if (result.StoppedBy is { } stoppedBy)
        {
            errors.WriteLine($"mh: infrastructure failure; the campaign stopped with {records.Count} cases recorded: {stoppedBy}");
            errors.WriteLine($"mh: the {result.InfrastructureFailures.Count} case(s) it hit are in infra-errors.jsonl and run again on: {resume}");
        }
        else
        {
            var triage = FindingTriage.Of(FindingCatalog.From(records, shrinkOn.Host.CpuModel), settings.Baseline, DateOnly.FromDateTime(DateTime.UtcNow));
            ReproducerDue Due(CaseRecord failure)
            {
                var plannedCase = planned.Plan.Case(failure.Index);
                var spec = new CaseSpec(failure.Config, plannedCase.Scenario, plannedCase.Builds) { Seed = planned.Seed, Index = failure.Index };
                return new ReproducerDue(failure, spec, new ConfigSpace(plannedCase.Builds.Select(x => planned.Capabilities[x.Name]).ToArray(), planned.Limits,
                    planned.Capabilities.Values.ToArray()));
            }
            var due = ReproducerPipeline.Representatives(records, shrinkOn.Host.CpuModel, triage.IsKnown, unpromisedFailures: runBudget is null)
                .Select(candidate => Due(candidate.Case) with { StandIns = candidate.StandIns.Select(Due).ToArray() }).ToArray();
            await pipeline.WriteAllAsync(due, cancellationToken);
        }
        var reproducersTime = DateTime.UtcNow - reproducersStarted;

        var hostLabels = HostLabelsFile.Load(planned.RunDirectory).Concat(pipeline.HostLabels).GroupBy(l => l.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        var (report, problems) = await RunFinisher.FinishAsync(new RunToFinish(planned.RunDirectory, planned.Manifest, records)
        {
            Universe = RunUniverse.Of(planned.Plan.Spaces, records, planned.Manifest.Scenarios, planned.Manifest.OlderByVersion()),
            Known = settings.Baseline, HostLabels = hostLabels, DisplayDirectory = Display(planned.RunDirectory),
        }, cancellationToken);
        var left = Runs.LeftForLater.Write(report, pipeline.LeftForLater, planned.RunDirectory);
        return new FinishedCampaign(report, reproducersTime, pipeline.ShrinkTime, left, problems);
    }
}
