using System.Text.RegularExpressions;
using MigrationHarness.Campaign;
using MigrationHarness.Containers;
using MigrationHarness.Findings;
using MigrationHarness.Results;
using MigrationHarness.Scenarios;

namespace MigrationHarness.App.Runs;

/// <summary>
/// A run's configuration, validated and settled in one place: what the user typed, with defaults, or the
/// recorded plan of the run being resumed (<see cref="Previous"/>) or replayed (<see cref="ReplayFrom"/>).
/// </summary>
public sealed record RunSettings
{
    /// <summary>Cases and budget of a run that names neither: a short campaign that ends in a report.</summary>
    public const long DefaultCases = 36;
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromMinutes(4);

    public required RunRequest Request { get; init; }
    public RunManifest? Previous { get; init; }
    public RunFolder? ReplayFrom { get; init; }
    public required IReadOnlyList<Scenario> Scenarios { get; init; }
    public string? MachinePattern { get; init; }
    public Regex? MachineFilter { get; init; }
    public TimeSpan? Budget { get; init; }
    public long? Cases { get; init; }
    public required (int K, int N) Shard { get; init; }
    /// <summary>Only these pairs; null for every pair of the selected builds.</summary>
    public IReadOnlyList<(string Older, string Newer)>? Pairs { get; init; }
    public AcceleratorChoice? Accelerator { get; init; }
    public string? KnownPath { get; init; }
    public IReadOnlyList<KnownFinding> Baseline { get; init; } = [];
    public IReadOnlyList<string> CorpusFolders { get; init; } = [];
    public IReadOnlyList<CorpusEntry> CorpusEntries { get; init; } = [];
    public IReadOnlyList<EngineAddress> Engines { get; init; } = [];
    public bool Steer { get; init; } = true;

    /// <summary>The recorded plan a resume or a replay follows.</summary>
    public RunManifest? PlanSource => Previous ?? ReplayFrom?.Manifest;

    public static RunSettings Settle(RunRequest request)
    {
        var previous = request.ResumeDirectory is { } resume ? RunFolder.ReadManifest(resume) : null;
        var replayFrom = request.ReplayFrom is { } from ? RunFolder.Load(from) : null;
        if (replayFrom is not null && request.ReplayIndex is null) throw new BadInputException("--from needs --replay INDEX (the case of that run to replay)");
        if (replayFrom is not null && previous is not null) throw new BadInputException("--from and --resume cannot be combined: a replay writes a new run");
        // A resumed run or a replay of a recorded one takes its plan from the manifest; a command line that says otherwise is refused.
        var planSource = previous ?? replayFrom?.Manifest;
        if (planSource is not null) RunPlanCheck.AgainstManifest(request, planSource);

        var scenarios = planSource is not null ? planSource.Scenarios.Select(RunOptionText.Scenario).ToArray()
            : request.Scenarios.Count > 0 ? request.Scenarios.Select(RunOptionText.Scenario).ToArray() : Scenario.Defaults.ToArray();
        var machinePattern = planSource is not null ? planSource.Fingerprint?.MachineFilter ?? request.MachinePattern : request.MachinePattern;
        var budget = request.Budget is { } b ? RunOptionText.Duration(b) : (TimeSpan?)null;
        var cases = request.Cases;
        if (cases is <= 0) throw new BadInputException("--cases must be at least 1");
        if (previous is not null && cases is null && budget is null)
            (cases, budget) = (previous.Cases, previous.BudgetSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
        if (cases is null && budget is null) (cases, budget) = (DefaultCases, DefaultBudget);
        if (request.Parallel is < 1 or > 64) throw new BadInputException("--parallel must be 1..64");
        if (request.Confirmations is < 0 or > 10) throw new BadInputException("--confirmations must be 0..10");
        var shard = previous?.Shard is { } recordedShard ? RunOptionText.Shard(recordedShard) : request.Shard is { } s ? RunOptionText.Shard(s) : (1, 1);
        // A recorded run under several accelerators names its units OLDER:NEWER@ACCEL; the pairs are what comes before the '@'.
        var pairs = planSource?.Fingerprint is { } recorded ? recorded.Pairs.Select(p => p.Split('@')[0]).Distinct().Select(RunOptionText.Pair).ToArray()
            : request.Pairs.Count > 0 ? request.Pairs.Select(RunOptionText.Pair).ToArray() : null;
        var knownPath = request.Known is { } k ? Path.GetFullPath(k) : previous?.Known;
        var corpusFolders = (request.Corpus.Count > 0 ? request.Corpus : previous?.Corpus ?? []).Select(Path.GetFullPath).ToArray();
        return new RunSettings
        {
            Request = request, Previous = previous, ReplayFrom = replayFrom, Scenarios = scenarios,
            MachinePattern = machinePattern, MachineFilter = machinePattern is { } pattern ? RunOptionText.MachinePattern(pattern) : null,
            Budget = budget, Cases = cases, Shard = shard, Pairs = pairs,
            Accelerator = request.Accelerator is { } accel ? AcceleratorChoice.Parse(accel) : null,
            KnownPath = knownPath, Baseline = knownPath is null ? [] : KnownFindingsFile.Load(knownPath),
            CorpusFolders = corpusFolders, CorpusEntries = corpusFolders.SelectMany(RegressionCorpus.Load).ToArray(),
            Engines = request.Engines.Select(EngineAddress.Parse).ToArray(),
            Steer = request.Steer && planSource?.Fingerprint?.Steered != false,
        };
    }
}
