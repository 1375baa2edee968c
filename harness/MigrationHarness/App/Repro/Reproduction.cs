using MigrationHarness.Analysis.Causes;
using MigrationHarness.Campaign;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Model;
using MigrationHarness.Qemu;
using MigrationHarness.Runner;

namespace MigrationHarness.App.Repro;

/// <summary>
/// A reported configuration run on every chosen pair, direction and accelerator; each confirmed failure
/// is shrunk and written as a reproducer. Each row is written to <paramref name="output"/> as it ends.
/// </summary>
public sealed partial class Reproduction(HarnessSession session, TextWriter output)
{
    public async Task<(IReadOnlyList<ReproRow> Rows, string RunDirectory)> RunAsync(ReproRequest request, CancellationToken ct = default)
    {
        var pairs = request.Validated().Pairs;
        var selected = request.Builds.Count > 0 ? request.Builds.Select(session.Catalog.Get).ToArray()
            : pairs is not null ? pairs.SelectMany(p => new[] { p.Older, p.Newer }).Distinct().Select(session.Catalog.Get).ToArray()
            : session.Catalog.Builds.ToArray();
        if (selected.Length < 2) throw new BadInputException("repro needs at least two builds");
        RefusePairsOutside(pairs ?? [], selected);
        var ready = (await session.ResolveAsync(selected, ct)).OrderBy(r => r.Version).ToArray();
        var plan = (from x in ready.Select((r, i) => (r, i)) from y in ready.Select((r, i) => (r, i)) where x.i < y.i
                    where pairs is null || pairs.Any(p => (p.Older == x.r.Name && p.Newer == y.r.Name) || (p.Older == y.r.Name && p.Newer == x.r.Name))
                    select (Older: x.r, Newer: y.r)).ToArray();
        if (plan.Length == 0) throw new BadInputException("the builds and pairs asked for leave no pair of two builds to run");
        var accelerators = request.Accelerator.Resolve(session.Host);

        var runId = HarnessSession.NewRunId();
        await using var pool = await session.NewPoolAsync(new RunWorkspace(runId), ct);
        RefuseMachineTypeNoPairOffers(request.Config.MachineType, plan, await session.CapabilitiesAsync(pool, ready, ct, accelerators[0]));
        var runDirectory = Directory.CreateDirectory(Path.Combine(session.ResultsRoot, runId)).FullName;
        var runner = new CaseRunner(pool, CpuPropertyRelevance.Default);
        var pipeline = new ReproducerPipeline(runner, pool, runDirectory, request.Shrink, TimeSpan.FromMinutes(10));
        var rows = new List<ReproRow>();
        long index = 0;
        foreach (var (older, newer) in plan)
        {
            var spaces = new Dictionary<Accelerator, ConfigSpace>();
            foreach (var accelerator in accelerators) spaces[accelerator] = (await session.SpaceAsync(pool, [older, newer], ct, accelerator)).Space;
            foreach (var (accelerator, s) in from a in accelerators from s in request.Scenarios select (a, s))
            {
                var config = request.Config with { Accelerator = accelerator };
                var spec = new CaseSpec(config, s, [older, newer]) { Index = index++ };
                var confirmed = await new ConfirmingRunner(runner, 1).RunAsync(spec, ct);
                var record = CaseRecords.From(new PlannedCase(spec.Index, config, s, spec.Builds), 0, confirmed);
                string? reproducer = null;
                if (record.Signature is not null && !record.Flaky && await pipeline.WriteAsync(record, spec, spaces[accelerator], ct, seen: confirmed.Outcome) is { } directory)
                    reproducer = Path.GetRelativePath(Environment.CurrentDirectory, directory);
                var hop = confirmed.Outcome.Observation.Hops.FirstOrDefault();
                // With several accelerators each row says which one it ran under.
                var scenarioName = accelerators.Count > 1 ? $"{s.Name} {AcceleratorChoice.Name(accelerator)}" : s.Name;
                rows.Add(new ReproRow(hop is null ? $"{older.Name}↔{newer.Name}" : $"{hop.From}→{hop.To}", scenarioName, record.Verdict, record.Reason, reproducer));
                output.WriteLine($"{rows[^1].Pair,-24} {scenarioName,-22} {record.Verdict.Name()}");
            }
        }
        return (rows, runDirectory);
    }
}
