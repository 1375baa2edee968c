using MigrationHarness.Builds;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Findings;
using MigrationHarness.Qemu;
using MigrationHarness.Results;
using MigrationHarness.Runner;
using MigrationHarness.Model;
using MigrationHarness.Records;

namespace MigrationHarness.Campaign;

/// <summary>
/// From a confirmed failure to its reproducer, the one way <c>mh run</c>, <c>mh repro</c> and
/// <c>mh claims check</c> do it: re-run until the failure shows its recorded signature again (a
/// reproducer is written only from a run that failed exactly as recorded), shrink with the same
/// signature kept, write the folder, keep the source's migration stream where it explains
/// something. Findings, tiers and exporters then read the case log and the reproducers this leaves.
/// With a <paramref name="deadline"/> (a run's <c>--budget</c>), each reproducer's shrinking gets
/// its share of the time left, one that cannot finish before it is left for later
/// (<see cref="LeftForLater"/>), and nothing runs past it.
/// </summary>
public sealed class ReproducerPipeline(CaseRunner runner, ContainerPool pool, string runDirectory, bool shrink, TimeSpan shrinkBudget, DateTime? deadline = null)
{
    private readonly DateTime _shrinkUntil = DateTime.UtcNow + shrinkBudget;

    /// <summary>What one reproducer needs at least besides shrinking: the re-run that shows the signature again, the stream, the explanation.</summary>
    public static readonly TimeSpan ReproducerFloor = TimeSpan.FromSeconds(30);

    /// <summary>Each finding's host-dependence as its replay under the other accelerator showed (see <see cref="HostDependenceReplay"/>).</summary>
    public Dictionary<string, HostDependence> HostLabels { get; } = new(StringComparer.Ordinal);

    /// <summary>The time spent shrinking, over every reproducer written.</summary>
    public TimeSpan ShrinkTime { get; private set; }

    /// <summary>The failures whose reproducers the deadline left for later, in the order they were due.</summary>
    public List<CaseRecord> LeftForLater { get; } = [];

    /// <summary>
    /// The failures worth a reproducer: one case per finding that fails the run (it breaks a promise
    /// and <paramref name="isKnown"/> does not list it), the first case where it did, most severe
    /// first, so the time goes to distinct bugs and the worst of them before it runs out. With
    /// <paramref name="unpromisedFailures"/> (a run bounded by its case count, not a budget), the
    /// refusals and failures no promise covers follow, so a regression corpus can replay them; drift
    /// no promise covers never gets one. Every finding without one is listed with its first case's
    /// config and the command that replays it.
    /// </summary>
    public static IReadOnlyList<ReproducerCandidate> Representatives(IReadOnlyList<CaseRecord> records, string hostCpu, Func<string, bool>? isKnown = null,
        bool unpromisedFailures = false)
    {
        var byId = records.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var findings = FindingCatalog.From(records, hostCpu);
        var failing = findings.Where(f => f.BreaksPromise && isKnown?.Invoke(f.Id) != true)
            // Least understood first among equals: a finding seen once gets its reproducer before a common one.
            .OrderByDescending(f => FindingRank.Severity(f.Verdict)).ThenBy(f => f.Count);
        var unpromised = unpromisedFailures ? findings.Where(f => !f.BreaksPromise && f.Verdict != Verdict.AbiDrift).OrderBy(f => f.Count) : Enumerable.Empty<Finding>();
        return failing.Concat(unpromised)
            .Select(f => new ReproducerCandidate(byId[f.FirstBreakingCase ?? f.FirstCase], f.BreakingCases.Skip(1).Take(StandInCount).Select(id => byId[id]).ToArray()))
            .DistinctBy(c => c.Case.Id).ToArray();
    }

    /// <summary>How many other cases of a finding are tried when its first does not fail as recorded again: each costs up to three runs.</summary>
    public const int StandInCount = 2;

    /// <summary>
    /// Writes the reproducers of <paramref name="failures"/> in order, each within its share of the
    /// time left before the deadline; those it has no time for go to <see cref="LeftForLater"/>. A failure
    /// that does not fail as recorded again is tried in its stand-ins, in order, until one does.
    /// </summary>
    public async Task WriteAllAsync(IReadOnlyList<ReproducerDue> failures, CancellationToken cancellationToken)
    {
        for (var i = 0; i < failures.Count; i++)
        {
            IReadOnlyList<ReproducerDue> tries = [failures[i], .. failures[i].StandIns];
            for (var t = 0; t < tries.Count; t++)
            {
                var (failure, spec, space) = tries[t];
                var left = deadline is { } end ? end - DateTime.UtcNow : (TimeSpan?)null;
                if (left is { } time && time < ReproducerFloor)
                {
                    LeftForLater.AddRange(failures.Skip(i).Select(f => f.Failure));
                    return;
                }
                // Shrinking takes what is left over the floors of this and every later reproducer, shared out evenly.
                var share = left is { } l ? (l - ReproducerFloor * (failures.Count - i)) / (failures.Count - i) : (TimeSpan?)null;
                if (await WriteAsync(failure, spec, space, cancellationToken, shrinkTime: share) is not null || LeftForLater.Contains(failure)) break;
                if (t + 1 < tries.Count)
                    Console.WriteLine($"  {failure.Id}: trying {tries[t + 1].Failure.Id}, another case where the same finding broke the same promise");
            }
        }
    }
    /// <summary>
    /// Writes the reproducer of <paramref name="failure"/> (from <paramref name="seen"/> when that run is at hand);
    /// returns its folder, or null when it did not fail as recorded again.
    /// </summary>
    public async Task<string?> WriteAsync(CaseRecord failure, CaseSpec spec, ConfigSpace? space, CancellationToken cancellationToken, CaseOutcome? seen = null,
        TimeSpan? shrinkTime = null)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (deadline is { } end) bounded.CancelAfter(Max(end - DateTime.UtcNow, TimeSpan.Zero));
        try
        {
            return await WriteBoundedAsync(failure, spec, space, bounded.Token, seen, shrinkTime);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The run's deadline, not the user: this one waits for later, and nothing half-written stands for it.
            Console.WriteLine($"  {failure.Id}: the run's budget ran out before its reproducer was written; left for later");
            LeftForLater.Add(failure);
            var partial = Path.Combine(runDirectory, "reproducers", failure.Id);
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
            return null;
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private async Task<string?> WriteBoundedAsync(CaseRecord failure, CaseSpec spec, ConfigSpace? space, CancellationToken cancellationToken, CaseOutcome? seen,
        TimeSpan? shrinkTime)
    {
        var outcome = seen;
        for (var attempt = 0; attempt < 3 && (outcome is null || FailureSignature.Of(outcome, spec) != failure.Signature); attempt++)
            outcome = await runner.RunAsync(spec, cancellationToken);
        if (outcome is null || FailureSignature.Of(outcome, spec) != failure.Signature)
        {
            Console.WriteLine($"  {failure.Id}: did not fail as recorded in three more runs; no reproducer written");
            return null;
        }
        ShrinkResult? shrunk = null;
        var shrinkFor = shrinkTime is { } share ? (share < ShrinkDefault ? share : ShrinkDefault) : ShrinkDefault;
        if (shrink && space is not null && DateTime.UtcNow < _shrinkUntil && shrinkFor > TimeSpan.Zero)
        {
            shrunk = await new Shrinker(runner, maxTime: shrinkFor).ShrinkAsync(spec, outcome, space, cancellationToken);
            outcome = shrunk.ShrunkOutcome;
            ShrinkTime += shrunk.Duration;
            Console.WriteLine($"shrunk {failure.Id} in {shrunk.Runs} runs ({shrunk.Duration.TotalSeconds:0} s)");
        }
        var config = shrunk?.Shrunk ?? failure.Config;
        var host = await HostDependenceReplay.LabelAsync(runner, spec with { Config = config }, failure, pool.Host.CpuModel, cancellationToken);
        HostLabels[FindingCatalog.IdOf(FindingCatalog.IdentityOf(failure.Signature!))] = host;
        var directory = ReproducerWriter.Write(Path.Combine(runDirectory, "reproducers"), failure, outcome, config, spec.Builds, shrunk, host);
        await SaveStreamAsync(spec.Builds, failure, config, directory, cancellationToken);
        var explanation = await ExplainAsync(spec.Builds, failure, config, directory, cancellationToken);
        await KeepStreamWhereItExplainsAsync(failure, explanation, directory, cancellationToken);
        return directory;
    }

    /// <summary>How long one reproducer's shrinking may take when no deadline shares the time out.</summary>
    private static readonly TimeSpan ShrinkDefault = TimeSpan.FromSeconds(90);

    /// <summary>
    /// A stream explains a failure the destination had loading it (a refused or broken load), or a
    /// failure of the stream's own content (lost memory, a crash, a refusal) with a vmstate
    /// difference in a section it carries; it is then kept, compressed. A guest view or ABI
    /// difference after a clean load is the CPU's or the machine's, not the stream's: there it only
    /// narrowed the explanation and goes.
    /// </summary>
    private static async Task KeepStreamWhereItExplainsAsync(CaseRecord failure, Explanation? explanation, string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, MigrationStreamFile.Name);
        if (!File.Exists(path)) return;
        var hop = failure.Hops.FirstOrDefault(h => h.Verdict != Verdict.Pass);
        var loadFailed = hop is not null && hop.Status is "MigrationFailed" or "ProcessDied";
        if (loadFailed || (failure.Verdict != Verdict.AbiDrift && explanation?.Vmstate.Count > 0))
        {
            var size = await MigrationStreamFile.CompressAsync(path, cancellationToken);
            Console.WriteLine($"  kept the {hop?.From} migration stream ({size / 1024} KiB compressed) in {Path.GetFileName(directory)}/{MigrationStreamFile.CompressedName}");
        }
        else File.Delete(path);
    }

    /// <summary>
    /// Attaches what QEMU can tell (<see cref="Explainer"/>) as <c>explain.txt</c> and a README section;
    /// a build that cannot be asked leaves a note, never a failed reproducer.
    /// </summary>
    private async Task<Explanation?> ExplainAsync(IReadOnlyList<ReadyBuild> builds, CaseRecord failure, VmConfig config, string directory, CancellationToken cancellationToken)
    {
        var hop = failure.Hops.FirstOrDefault(h => h.Verdict != Verdict.Pass);
        if (hop is null || builds.FirstOrDefault(b => b.Name == hop.From) is not { } source || builds.FirstOrDefault(b => b.Name == hop.To) is not { } destination) return null;
        string text;
        Explanation? explanation = null;
        try
        {
            explanation = await Explainer.ExplainAsync(pool, source, destination, config, Path.Combine(directory, MigrationStreamFile.Name), cancellationToken);
            text = explanation.Render();
        }
        catch (Exception ex) when (ex is BadInputException or Qemu.QemuStartException or Qmp.QmpException or IOException or FormatException)
        {
            text = $"not explained: {ex.Message.Split('\n')[0]}\n";
        }
        await File.WriteAllTextAsync(Path.Combine(directory, "explain.txt"), text, cancellationToken);
        await File.AppendAllTextAsync(Path.Combine(directory, "README.md"), "\n## What QEMU tells about it (`mh explain`)\n\n```\n" + text + "```\n", cancellationToken);
        return explanation;
    }

    /// <summary>Saves the stream the failing hop's source produces (see <see cref="StreamCapture"/>); <see cref="KeepStreamWhereItExplainsAsync"/> decides whether it stays.</summary>
    private async Task SaveStreamAsync(IReadOnlyList<ReadyBuild> builds, CaseRecord failure, VmConfig config, string directory, CancellationToken cancellationToken)
    {
        var hop = failure.Hops.FirstOrDefault(h => h.Verdict != Verdict.Pass);
        if (hop is null || builds.FirstOrDefault(b => b.Name == hop.From) is not { } source) return;
        await StreamCapture.CaptureAsync(pool, source, config, Path.Combine(directory, MigrationStreamFile.Name), cancellationToken);
    }
}
