using MigrationHarness.Analysis.Causes;
using MigrationHarness.Analysis.History;
using MigrationHarness.Configs.Generation;
using MigrationHarness.Findings;
using MigrationHarness.Model;
using MigrationHarness.Oracles;
using MigrationHarness.Qemu;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;

namespace MigrationHarness.App.Controls;

/// <summary>
/// A→A controls: each build migrates generated configs to itself, half with a paused guest and half running;
/// anything but pass or not-applicable is a harness bug or a QEMU bug that needs no second version to show.
/// A build whose cases met an infrastructure failure ends the controls there.
/// </summary>
public sealed class SelfMigrationControls(HarnessSession session)
{
    /// <param name="onBuild">Called as each build's controls end, before the next starts.</param>
    public async Task<IReadOnlyList<ControlResult>> RunAsync(ControlRequest request, Action<ControlResult> onBuild, CancellationToken ct = default)
    {
        request = request.Validated();
        var names = request.Builds.Count > 0 ? request.Builds : session.Catalog.Builds.Select(b => b.Name).ToArray();
        var ready = await session.ResolveAsync(names.Select(session.Catalog.Get).ToArray(), ct);
        await using var pool = await session.NewPoolAsync(new RunWorkspace(HarnessSession.NewRunId()), ct);
        var runner = new CaseRunner(pool, CpuPropertyRelevance.Default);
        var results = new List<ControlResult>();
        foreach (var build in ready)
        {
            var (_, space) = await session.SpaceAsync(pool, [build], ct);
            var seed = request.Seed ?? VmConfigGen.StableSeed("controls " + build.Name) % 100_000;
            var indices = request.Index is { } one ? [one] : Enumerable.Range(0, request.Cases).ToArray();
            using var gate = new SemaphoreSlim(request.Parallel);
            var started = DateTime.UtcNow;
            var cases = await Task.WhenAll(indices.Select(async i =>
            {
                await gate.WaitAsync(ct);
                try
                {
                    var config = VmConfigGen.Sample(space, seed, i, i % (VmConfigGen.MaxSize + 1));
                    var spec = new CaseSpec(config, new Forward(request.GuestFor(i)), [build, build]) { Seed = seed, Index = i };
                    var outcome = await runner.RunAsync(spec, ct);
                    return new ControlCase(i, spec, outcome, KnownLabel(outcome, spec));
                }
                finally
                {
                    gate.Release();
                }
            }));
            var result = new ControlResult(build.Name, seed, DateTime.UtcNow - started, cases);
            results.Add(result);
            onBuild(result);
            if (cases.Any(c => c.Outcome.Verdict == Verdict.InfraError)) break;
        }
        return results;
    }

    /// <summary>The upstream history's labels when it names every cause of a failure; null otherwise.</summary>
    private static string? KnownLabel(CaseOutcome outcome, CaseSpec spec)
    {
        if (!outcome.Verdict.Info().IsFinding) return null;
        var causes = CaseCauses.Of(outcome, spec);
        return causes.Count > 0 && causes.All(c => c.Reference is not null)
            ? string.Join("; ", causes.Select(c => UpstreamHistory.Default.Find(c.Reference!)?.Label ?? c.Reference))
            : null;
    }
}
