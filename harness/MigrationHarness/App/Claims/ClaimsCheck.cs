using System.Text.Json;
using System.Text.RegularExpressions;
using MigrationHarness.Analysis.Causes;
using MigrationHarness.Campaign;
using MigrationHarness.Claims;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Coverage;
using MigrationHarness.Containers;
using MigrationHarness.Coverage;
using MigrationHarness.Model;
using MigrationHarness.Qemu;
using MigrationHarness.Records;
using MigrationHarness.Results;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Tiers;

namespace MigrationHarness.App.Claims;

/// <summary>
/// Tests a downstream's claims, claim by claim, each with a focused campaign on its pair and machine type:
/// held (every required class covered, every case met the claimed tier), violated (a confirmed failure,
/// with its reproducer) or untested (too little evidence). Writes the run's <c>cases.jsonl</c> and <c>claims.json</c>.
/// </summary>
public sealed class ClaimsCheck(HarnessSession session, TextWriter output)
{
    /// <summary>At most this many generated cases per claim while coverage is incomplete.</summary>
    private const int ClaimCaseCap = 80;

    private long _nextIndex;

    /// <returns>The verdict on each claim, in the file's order, and the run directory that holds the evidence.</returns>
    public async Task<(IReadOnlyList<ClaimVerdict> Verdicts, string RunDirectory)> CheckAsync(IReadOnlyList<Claim> claims, ulong seedValue,
        CancellationToken cancellationToken = default)
    {
        var (runId, runDirectory) = session.NewRun();
        var workspace = new RunWorkspace(runId);
        await using var pool = await session.NewPoolAsync(workspace, cancellationToken);
        var runner = new CaseRunner(pool, CpuPropertyRelevance.Default);
        var verdicts = new List<ClaimVerdict>();
        using var log = new CaseLog(Path.Combine(runDirectory, "cases.jsonl"));

        var pipeline = new ReproducerPipeline(runner, pool, runDirectory, shrink: false, TimeSpan.Zero);
        var run = new ClaimRun(runner, log, pipeline, pool, seedValue);
        foreach (var listed in claims) verdicts.Add(await CheckOneAsync(listed, run, cancellationToken));

        await File.WriteAllTextAsync(Path.Combine(runDirectory, "claims.json"), JsonSerializer.Serialize(verdicts.Select(v => new
        {
            claim = v.Claim.Text, status = v.Status, met = v.MetTier, claimed = v.Claim.Tier.Name(), detail = v.Detail, reproducer = v.Reproducer,
            judged = "identical guest ABI (CPU pinned; accelerator capability and CPU mode aside)",
            coverage = new { cases = v.Coverage.Cases, exercised = v.Coverage.Exercised, missing = v.Coverage.Missing },
        }), ResultsJson.Document), cancellationToken);
        return (verdicts, runDirectory);
    }

    /// <summary>One claim: a focused campaign on its pair and machine type, until a confirmed failure or full coverage (or the cap).</summary>
    private async Task<ClaimVerdict> CheckOneAsync(Claim listed, ClaimRun run, CancellationToken cancellationToken)
    {
        var (runner, log, pipeline, pool, seedValue) = (run.Runner, run.Log, run.Pipeline, run.Pool, run.Seed);
        var ready = (await session.ResolveAsync([session.Catalog.Get(listed.Older), session.Catalog.Get(listed.Newer)], cancellationToken)).OrderBy(r => r.Version).ToArray();
        // Older and newer by QEMU version, whatever order the file or the catalog names them in.
        var claim = listed with { Older = ready[0].Name, Newer = ready[1].Name };
        var (capabilities, space) = await session.SpaceAsync(pool, ready, cancellationToken);
        if (!space.MachineTypes.Contains(claim.MachineType))
        {
            return new ClaimVerdict(claim, "untested", "unsupported", $"{claim.MachineType} is not known to both builds", null) { Coverage = ClaimCoverage.None };
        }
        // The destination gets the source's CPU pinned, as the downstream's management stack sends it: what an accelerator
        // could add cannot show, and every other difference is judged by the claim's own words (an identical guest ABI).
        Scenario[] scenarios = claim.Tier == SupportTier.Bidirectional
            ? [new Forward(GuestMode.Paused) { PinnedCpu = true }, new Backward(GuestMode.Paused) { PinnedCpu = true },
               new Forward(GuestMode.Running) { PinnedCpu = true }, new Backward(GuestMode.Running) { PinnedCpu = true }]
            : [new Forward(GuestMode.Paused) { PinnedCpu = true }, new Forward(GuestMode.Running) { PinnedCpu = true }];
        var plan = new CampaignPlan(seedValue, ready, _ => space, scenarios, new Regex("^" + Regex.Escape(claim.MachineType) + "$"));
        var records = new List<CaseRecord>();
        var confirming = new ConfirmingRunner(runner, 1);
        CaseRecord? firstFailure = null;
        CaseOutcome? failureOutcome = null;
        // Generated cases go on past the claim's count until every required class is covered in each claimed
        // direction (or the cap): a claim is only as strong as the parts of the config space behind it.
        var directions = scenarios.Select(x => x.Kind).Distinct().ToArray();
        var required = claim.Config is null
            ? CoverageModel.RequiredFor(space, claim.MachineType).Concat(scenarios.Select(x => x.Name).SelectMany(CaseCoverage.ScenarioClasses).Where(c => c.Dimension == "guest")).Distinct().ToArray()
            : [];
        // A claim about one CPU model covers that model only.
        if (claim.CpuModel is not null) required = required.Where(c => c.Dimension is not ("cpu-vendor" or "feature-policy")).ToArray();
        var minimum = claim.Config is null ? claim.Cases : claim.Cases * scenarios.Length;
        var cap = claim.Config is null ? Math.Max(minimum, ClaimCaseCap) : minimum;
        IReadOnlyDictionary<string, IReadOnlyList<string>> Missing() => directions.ToDictionary(d => d, d => (IReadOnlyList<string>)CoverageCounts.Of(
            records.Where(r => ScenarioName.Parse(r.Scenario).Kind == d && r.Judged).Select(CaseCoverage.Of),
            required).Missing);
        for (var i = 0; i < cap; i++)
        {
            var planned = plan.Case(i);
            // A pinned config runs under this host's accelerator, as mh repro runs a pasted one: the accelerator is the host's, not the guest's ABI.
            var config = claim.Config is { } pinned ? pinned with { Accelerator = session.Host.Accelerator } : planned.Config;
            if (claim.CpuModel is { } model) config = config with { Cpu = new CpuSpec(model, space.UnfilteredMissingFeatures(model).Order(StringComparer.Ordinal).Select(f => new CpuFeature(f, FeaturePolicy.Disable)).ToValueList()) };
            var scenario = claim.Config is null ? planned.Scenario : scenarios[i % scenarios.Length];
            var index = _nextIndex++;
            planned = planned with { Index = index, Config = config, Scenario = scenario };
            var confirmed = await confirming.RunAsync(new CaseSpec(config, scenario, ready) { Seed = seedValue, Index = index }, cancellationToken);
            var record = CaseRecords.From(planned, seedValue, confirmed);
            log.Append(record);
            records.Add(record);
            output.WriteLine($"  {record.Id} {record.Scenario} {record.MachineType}: {record.Verdict.Name()}");
            // Only what breaks the claim's own words decides it: drift that is accelerator capability or CPU mode does not.
            if (firstFailure is null && record.Signature is not null && !record.Flaky && (record.Verdict != Verdict.AbiDrift || TierClassifier.BreaksIdenticalAbi(record)))
                (firstFailure, failureOutcome) = (record, confirmed.Outcome);
            // One confirmed failure in a claimed direction decides the claim; full coverage ends the search for one.
            if (i + 1 >= minimum && (firstFailure is not null || Missing().Values.All(m => m.Count == 0))) break;
        }
        // A pinned config is the whole claim: it must pass in each claimed direction, with the guest running too.
        var rule = claim.Config is null ? TierEvidenceRule.Default : new TierEvidenceRule(1, 1);
        var row = TierClassifier.Classify(records, (a, _) => a == claim.Older, rule, breaks: TierClassifier.BreaksIdenticalAbi).FirstOrDefault(t => t.MachineType == claim.MachineType);
        var exercised = CoverageCounts.Of(records.Where(r => r.Judged).Select(CaseCoverage.Of), required);
        var coverage = new ClaimCoverage(records.Count(r => r.Judged), exercised.Exercised.Keys.Order(StringComparer.Ordinal).ToArray(),
            Missing().SelectMany(m => m.Value.Select(c => $"{m.Key}: {c}")).ToArray());
        var met = row is null ? SupportTier.Untested : row.Tier;
        var summary = row is null ? "no applicable case" : row.Evidence.Summary;
        if (met.Rank() is null || (claim.Tier == SupportTier.Bidirectional && met == SupportTier.Forward && row is not null && !rule.Enough(row.Evidence.BackwardConfigs, row.Evidence.BackwardRunning)
                                   && row.Evidence.BackwardReject == 0))
        {
            // Too little evidence in a claimed direction: untested, never held.
            return new ClaimVerdict(claim, "untested", row?.Display ?? met.Name(), $"{summary}; needs {rule}", null) { Coverage = coverage };
        }
        var missing = Missing().Where(m => m.Value.Count > 0).ToArray();
        if (met.Meets(claim.Tier) && missing.Length > 0)
        {
            // Every case passed, but not every class the claim covers was exercised: not enough to stand behind.
            return new ClaimVerdict(claim, "untested", met.Name(),
                $"{summary}; not covered in {records.Count} cases: {string.Join("; ", missing.Select(m => $"{m.Key}: {string.Join(", ", m.Value)}"))}", null) { Coverage = coverage };
        }
        if (met.Meets(claim.Tier))
        {
            return new ClaimVerdict(claim, "held", met.Name(), summary + (required.Length > 0 ? $"; all {required.Length} required classes covered in each direction" : ""), null) { Coverage = coverage };
        }
        string? reproducer = null;
        if (firstFailure is not null && failureOutcome is not null
            && await pipeline.WriteAsync(firstFailure, new CaseSpec(firstFailure.Config, Scenario.Parse(firstFailure.Scenario), ready) { Seed = seedValue, Index = firstFailure.Index },
                space, cancellationToken, seen: failureOutcome) is { } written)
            reproducer = Path.GetRelativePath(Environment.CurrentDirectory, written);
        return new ClaimVerdict(claim, "violated", met.Name(), summary + (firstFailure is null ? "" : $"; first failure {firstFailure.Id}: {firstFailure.Reason}"), reproducer) { Coverage = coverage };
    }

    private sealed record ClaimRun(CaseRunner Runner, CaseLog Log, ReproducerPipeline Pipeline, ContainerPool Pool, ulong Seed);
}
