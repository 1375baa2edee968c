using System.Text.Json;
using MigrationHarness.Builds;
using MigrationHarness.Findings;
using MigrationHarness.Oracles;
using MigrationHarness.Results;
using MigrationHarness.Runner;
using MigrationHarness.Model;
using MigrationHarness.Records;

namespace MigrationHarness.Diagnosis;

/// <summary>
/// Where a finding lives among the builds a run has: its (shrunk) config replayed on every ordered
/// pair of builds, each build to itself included, under the finding's scenario; each replay either
/// shows the same cause again or not. From that: the builds it is seen on, those it is not, which
/// side is to blame (a source that fails with every destination, or a destination with every source)
/// and the first failing build by version.
/// </summary>
public sealed record Bracketing(string Finding, IReadOnlyList<BracketRun> Runs, bool Complete)
{
    public const string FileName = "bracketing.json";

    /// <summary>Replays <paramref name="spec"/>'s config on every ordered pair of <paramref name="builds"/>, oldest first, until <paramref name="until"/>.</summary>
    public static async Task<Bracketing> RunAsync(CaseRunner runner, CaseSpec spec, string findingId, string identity, IReadOnlyList<ReadyBuild> builds,
        DateTime until, CancellationToken cancellationToken)
    {
        var runs = new List<BracketRun>();
        var ordered = builds.OrderBy(b => b.Version).ToArray();
        foreach (var from in ordered)
        foreach (var to in ordered)
        {
            if (DateTime.UtcNow >= until) return new Bracketing(findingId, runs, Complete: false);
            // The finding's own hop, from one build to another; a backward or round-trip finding is bracketed forward and back by the pairs themselves.
            var pairSpec = spec with { Scenario = new Scenarios.Forward(spec.Scenario.Guest), Builds = [from, to] };
            var outcome = await runner.RunAsync(pairSpec, cancellationToken);
            var seen = CaseCauses.Of(outcome, pairSpec).Any(c => $"{outcome.Verdict.Name()} | {c.Detail}" == identity);
            var reason = outcome.Judgement.Reason.Split('\n')[0];
            // A build that does not have the machine type cannot run the config: that pair says nothing either way.
            var verdict = outcome.Verdict == Verdict.CleanReject && reason.Contains("unsupported machine type", StringComparison.Ordinal)
                ? Verdict.NotApplicable : outcome.Verdict;
            runs.Add(new BracketRun(from.Name, from.Resolved.QemuVersion, to.Name, to.Resolved.QemuVersion, verdict, seen, reason));
        }
        return new Bracketing(findingId, runs, Complete: true);
    }

    /// <summary>The builds whose replays showed it (as source or destination).</summary>
    public IReadOnlyList<string> SeenOn => Runs.Where(r => r.Seen).Select(r => $"{r.From}→{r.To}").ToArray();

    /// <summary>The replays that ran (not "not applicable") and did not show it.</summary>
    public IReadOnlyList<string> NotOn => Runs.Where(r => !r.Seen && r.Verdict != Verdict.NotApplicable).Select(r => $"{r.From}→{r.To}").ToArray();

    /// <summary>
    /// The side to blame: "source qemu-10.0" when every applicable replay from that build showed it and
    /// none from other builds did; "destination …" likewise; "the pair" otherwise.
    /// </summary>
    public string Blame
    {
        get
        {
            var applicable = Runs.Where(r => r.Verdict != Verdict.NotApplicable).ToArray();
            var seen = applicable.Where(r => r.Seen).ToArray();
            if (seen.Length == 0) return "not reproduced on these builds";
            var sources = seen.Select(r => r.From).Distinct().ToArray();
            if (sources.All(s => applicable.Where(r => r.From == s).All(r => r.Seen)) && applicable.Where(r => !sources.Contains(r.From)).All(r => !r.Seen))
                return $"the source: {string.Join(", ", sources)} fails with every destination";
            var destinations = seen.Select(r => r.To).Distinct().ToArray();
            if (destinations.All(d => applicable.Where(r => r.To == d).All(r => r.Seen)) && applicable.Where(r => !destinations.Contains(r.To)).All(r => !r.Seen))
                return $"the destination: {string.Join(", ", destinations)} fails with every source";
            return "the pair: it shows only between these builds";
        }
    }

    /// <summary>The oldest build (by QEMU version) that shows it on the blamed side, or in any showing replay.</summary>
    public string? FirstFailingBuild
    {
        get
        {
            var seen = Runs.Where(r => r.Seen).ToArray();
            if (seen.Length == 0) return null;
            var side = Blame.StartsWith("the destination", StringComparison.Ordinal)
                ? seen.Select(r => (r.To, r.ToVersion)) : seen.Select(r => (r.From, r.FromVersion));
            return side.OrderBy(b => Configs.QemuVersion.Parse(b.Item2.Split('+', '-', ' ')[0])).Select(b => $"{b.Item1} ({b.Item2})").First();
        }
    }

    /// <summary>"seen on …; not on …; first failing build among these: …" as a report states it.</summary>
    public string Summary =>
        $"seen on {(SeenOn.Count == 0 ? "none" : string.Join(", ", SeenOn))}; not on {(NotOn.Count == 0 ? "none" : string.Join(", ", NotOn))}" +
        (FirstFailingBuild is { } first ? $"; first failing build among these: {first}; to blame: {Blame}" : "") +
        (Complete ? "" : " (bracketing cut short by the run's budget)");

    public void Save(string reproducerDirectory) =>
        File.WriteAllText(Path.Combine(reproducerDirectory, FileName), JsonSerializer.Serialize(this, ResultsJson.Document));

    public static Bracketing? Load(string reproducerDirectory)
    {
        var path = Path.Combine(reproducerDirectory, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<Bracketing>(File.ReadAllText(path), ResultsJson.Document) : null;
    }
}
