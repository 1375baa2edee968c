using System.Text.RegularExpressions;
using MigrationHarness.Builds;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Configs.Coverage;
using MigrationHarness.Configs.Generation;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;

namespace MigrationHarness.Campaign;

/// <summary>
/// The deterministic sequence of a campaign's cases: case i takes the pair i mod P (with several
/// accelerators, P counts each pair under each, the accelerator varying fastest), the scenario
/// (i div P) mod S, and the config the generator draws for (seed, i) at size i mod 101 — steered
/// toward classes of the config space its pair has not covered yet (<see cref="SteeredSampler"/>),
/// unless steering is off. Cases come
/// in rounds of P × S (every pair under every scenario once); a shard k/n takes whole rounds, round
/// r going to shard r mod n + 1, so the m-th case of every shard sits at the same place in its round
/// and every shard covers every pair and scenario in the same proportions. Shards of one seed
/// partition the unsharded run exactly. A regression corpus comes first: corpus entry j is case
/// -(j + 1), and goes to shard j mod n + 1.
/// </summary>
public sealed class CampaignPlan
{
    // One unit per pair and accelerator, the accelerator varying fastest: a pair's cases under each accelerator sit side by side.
    private readonly IReadOnlyList<(ReadyBuild Older, ReadyBuild Newer, ConfigSpace Space, string Name)> _pairs;
    private readonly IReadOnlyList<ConfigSpace>? _chainSpaces;
    private readonly IReadOnlyList<ReadyBuild> _chain;

    public ulong Seed { get; }
    public IReadOnlyList<Scenario> Scenarios { get; }
    public Regex? MachineFilter { get; }
    public (int Index, int Count) Shard { get; }

    /// <summary>The accelerators every pair runs under, in order; empty when the spaces decide (one accelerator, the host's).</summary>
    public IReadOnlyList<Accelerator> Accelerators { get; }

    public CampaignPlan(ulong seed, IReadOnlyList<ReadyBuild> builds, Func<IReadOnlyList<ReadyBuild>, ConfigSpace> space,
        IReadOnlyList<Scenario> scenarios, Regex? machineFilter = null, (int Index, int Count)? shard = null,
        IReadOnlyList<(string Older, string Newer)>? pairs = null, bool steer = true)
        : this(seed, builds, (b, _) => space(b), [], scenarios, machineFilter, shard, pairs, steer)
    {
    }

    /// <summary>A plan whose pairs each run under every one of <paramref name="accelerators"/>, each with the space <paramref name="space"/> gives for it.</summary>
    public CampaignPlan(ulong seed, IReadOnlyList<ReadyBuild> builds, Func<IReadOnlyList<ReadyBuild>, Accelerator?, ConfigSpace> space, IReadOnlyList<Accelerator> accelerators,
        IReadOnlyList<Scenario> scenarios, Regex? machineFilter = null, (int Index, int Count)? shard = null,
        IReadOnlyList<(string Older, string Newer)>? pairs = null, bool steer = true)
    {
        Steered = steer;
        Seed = seed;
        Scenarios = scenarios;
        MachineFilter = machineFilter;
        Shard = shard ?? (1, 1);
        Accelerators = accelerators;
        _chain = builds.OrderBy(b => b.Version).ToArray();
        // A migration needs one guest on both sides: builds of two architectures never pair, so a plan takes one architecture.
        if (_chain.Select(b => b.Build.Architecture).Distinct().ToArray() is { Length: > 1 } architectures)
            throw new BadInputException($"the builds emulate {string.Join(" and ", architectures.Select(a => a.Name))}: a campaign runs builds of one architecture " +
                                        $"({string.Join(", ", _chain.Select(b => $"{b.Name}: {b.Build.Architecture}"))})");
        var all = (from a in _chain.Select((b, i) => (b, i)) from b in _chain.Select((b, i) => (b, i)) where a.i < b.i select (a.b, b.b)).ToList();
        if (pairs is not null) all = all.Where(p => pairs.Any(q => (q.Older == p.Item1.Name && q.Newer == p.Item2.Name) || (q.Older == p.Item2.Name && q.Newer == p.Item1.Name))).ToList();
        if (all.Count == 0) throw new BadInputException("a campaign needs at least one pair of builds");
        Accelerator?[] under = accelerators.Count == 0 ? [null] : accelerators.Select(a => (Accelerator?)a).ToArray();
        // With one accelerator a unit is named as its pair; with several, the accelerator is part of the name.
        string Name(ReadyBuild older, ReadyBuild newer, Accelerator? accelerator) =>
            $"{older.Name}:{newer.Name}" + (under.Length > 1 ? "@" + AcceleratorChoice.Name(accelerator!.Value) : "");
        _pairs = all.SelectMany(p => under.Select(a => (p.Item1, p.Item2, space([p.Item1, p.Item2], a), Name(p.Item1, p.Item2, a)))).ToArray();
        _chainSpaces = scenarios.Any(s => s.SpansAllBuilds) && _chain.Count > 1 ? under.Select(a => space(_chain, a)).ToArray() : null;
    }

    /// <summary>The plan's units: each pair under each accelerator.</summary>
    public int PairCount => _pairs.Count;

    /// <summary>Whether configs are steered toward classes not covered yet (see <see cref="SteeredSampler"/>), or plain random draws.</summary>
    public bool Steered { get; }

    // Steering makes case i depend on the configs before it in the whole campaign (not the shard),
    // so they are drawn once, in index order, and kept.
    private readonly Lock _gate = new();
    private readonly Dictionary<long, VmConfig> _steered = [];
    private readonly Dictionary<string, CoverageTracker> _trackers = new(StringComparer.Ordinal);
    private long _nextSteered;

    /// <summary>The units as OLDER:NEWER (OLDER:NEWER@ACCEL when the plan runs several accelerators), in plan order.</summary>
    public IReadOnlyList<string> PairNames => _pairs.Select(p => p.Name).ToArray();

    /// <summary>Each pair's config spaces (one per accelerator), by OLDER:NEWER.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ConfigSpace>> Spaces => _pairs.GroupBy(p => $"{p.Older.Name}:{p.Newer.Name}", StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => (IReadOnlyList<ConfigSpace>)g.Select(p => p.Space).ToArray(), StringComparer.Ordinal);

    /// <summary>Cases per round: every pair (under every accelerator) under every scenario once.</summary>
    public long RoundLength => (long)_pairs.Count * Scenarios.Count;

    /// <summary>The (pair, scenario) slot of generated case <paramref name="index"/>, as indices into the plan's pairs and scenarios.</summary>
    public (int Pair, int Scenario) Slot(long index) => ((int)(index % _pairs.Count), (int)(index / _pairs.Count % Scenarios.Count));

    /// <summary>The shard (1-based) case <paramref name="index"/> belongs to when the campaign is split <paramref name="count"/> ways.</summary>
    public long ShardOf(long index, int count) => (index < 0 ? -index - 1 : index / RoundLength) % count + 1;

    /// <summary>Regression cases replayed before any generated case (indices -1, -2, …).</summary>
    public IReadOnlyList<PlannedCase> Corpus { get; private init; } = [];

    /// <summary>
    /// This plan with the corpus entries whose builds it has; the others are returned as skipped
    /// (a reproducer of a pair this campaign does not run cannot be replayed by it).
    /// </summary>
    public (CampaignPlan Plan, IReadOnlyList<(CorpusEntry Entry, string Why)> Skipped) WithCorpus(IReadOnlyList<CorpusEntry> entries)
    {
        var kept = new List<PlannedCase>();
        var skipped = new List<(CorpusEntry, string)>();
        foreach (var entry in entries)
        {
            var builds = entry.Builds.Select(name => _chain.FirstOrDefault(b => b.Name == name)).ToArray();
            if (builds.Any(b => b is null))
            {
                skipped.Add((entry, $"needs {string.Join(", ", entry.Builds.Where(n => _chain.All(b => b.Name != n)))}, not in this campaign"));
                continue;
            }
            Scenario scenario;
            try { scenario = Scenario.Parse(entry.Scenario); }
            catch (FormatException ex) { skipped.Add((entry, ex.Message)); continue; }
            kept.Add(new PlannedCase(-(kept.Count + 1), entry.Config, scenario, builds!) { Origin = entry });
        }
        return (new CampaignPlan(this) { Corpus = kept }, skipped);
    }

    private CampaignPlan(CampaignPlan other)
    {
        (_pairs, _chainSpaces, _chain) = (other._pairs, other._chainSpaces, other._chain);
        (Seed, Scenarios, MachineFilter, Shard, Steered, Accelerators) = (other.Seed, other.Scenarios, other.MachineFilter, other.Shard, other.Steered, other.Accelerators);
    }

    /// <summary>Whether case <paramref name="index"/> belongs to this shard.</summary>
    public bool InShard(long index) => ShardOf(index, Shard.Count) == Shard.Index;

    public PlannedCase Case(long index)
    {
        if (index < 0)
            return -index - 1 < Corpus.Count ? Corpus[(int)(-index - 1)] : throw new ArgumentOutOfRangeException(nameof(index), index, "no such regression case");
        var (builds, space, scenario, _) = Where(index);
        var config = Steered ? SteeredConfig(index) : Draw(index, Seed);
        return new PlannedCase(index, scenario.Prepare(config), scenario, builds);
    }

    private (IReadOnlyList<ReadyBuild> Builds, ConfigSpace Space, Scenario Scenario, string Tracker) Where(long index)
    {
        var slot = Slot(index);
        var pair = _pairs[slot.Pair];
        var scenario = Scenarios[slot.Scenario];
        var accelerators = Math.Max(1, Accelerators.Count);
        return scenario.SpansAllBuilds && _chainSpaces is not null
            ? (_chain, _chainSpaces[slot.Pair % accelerators], scenario, accelerators > 1 ? "chain@" + AcceleratorChoice.Name(Accelerators[slot.Pair % accelerators]) : "chain")
            // Each pair under each scenario kind covers the space on its own: a claim about backward migration needs backward cases of every class.
            : ([pair.Older, pair.Newer], pair.Space, scenario, $"{pair.Name}|{scenario.Kind}");
    }

    /// <summary>The plain random config of case <paramref name="index"/> for <paramref name="seed"/>, as its scenario runs it.</summary>
    private VmConfig Draw(long index, ulong seed)
    {
        var (_, space, scenario, _) = Where(index);
        var size = (int)(index % (VmConfigGen.MaxSize + 1));
        var config = VmConfigGen.Sample(space, seed, index, size);
        // A machine-type filter redraws (deterministically) until the config matches.
        for (var attempt = 1; MachineFilter is not null && !MachineFilter.IsMatch(config.MachineType) && attempt < 200; attempt++)
            config = VmConfigGen.Sample(space, seed ^ (ulong)attempt * 0x9E3779B97F4A7C15UL, index, size);
        return scenario.Prepare(config);
    }

    private VmConfig SteeredConfig(long index)
    {
        lock (_gate)
        {
            while (_nextSteered <= index)
            {
                var i = _nextSteered++;
                var key = Where(i).Tracker;
                if (!_trackers.TryGetValue(key, out var tracker)) _trackers[key] = tracker = new CoverageTracker();
                _steered[i] = SteeredSampler.Choose(Seed, seed => Draw(i, seed), tracker);
            }
            return _steered[index];
        }
    }

    /// <summary>The generated case indices of this shard in order: its whole rounds, one after another.</summary>
    public IEnumerable<long> GeneratedIndices()
    {
        for (var round = (long)Shard.Index - 1; ; round += Shard.Count)
            for (var i = round * RoundLength; i < (round + 1) * RoundLength; i++)
                yield return i;
    }

    /// <summary>The cases of this shard in order: the regression corpus first, then generated cases from case 0.</summary>
    public IEnumerable<PlannedCase> Cases()
    {
        foreach (var regression in Corpus)
            if (InShard(regression.Index)) yield return regression;
        foreach (var i in GeneratedIndices()) yield return Case(i);
    }
}
