using System.Text.Json;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Configs.Coverage;
using MigrationHarness.Results;
using MigrationHarness.Records;

namespace MigrationHarness.Coverage;

/// <summary>
/// The classes a run's cases should cover, as the pairs' spaces say (<c>universe.json</c>): per pair
/// and per (pair, machine type) seen, the required classes (<see cref="CoverageModel.RequiredFor"/>)
/// plus the run's scenarios and guest modes. Written at the end of a run, when the spaces are at
/// hand, so reports rendered later from the case log can still name what was not covered.
/// </summary>
public sealed record RunUniverse(IReadOnlyDictionary<string, IReadOnlyList<string>> Pairs, IReadOnlyDictionary<string, IReadOnlyList<string>> Rows)
{
    public static readonly RunUniverse Empty = new(new Dictionary<string, IReadOnlyList<string>>(), new Dictionary<string, IReadOnlyList<string>>());

    public const string FileName = "universe.json";

    public static string PairKey(string older, string newer) => $"{older}:{newer}";

    public static string RowKey(string older, string newer, string machine) => $"{older}:{newer}|{machine}";

    /// <summary>
    /// The universe of a run whose pairs have <paramref name="spaces"/> (one per accelerator the pair
    /// runs under: the classes to cover are those of any of them).
    /// </summary>
    public static RunUniverse Of(IReadOnlyDictionary<string, IReadOnlyList<ConfigSpace>> spaces, IEnumerable<CaseRecord> records, IReadOnlyList<string> scenarios,
        Func<string, string, bool> isOlder)
    {
        var scenarioClasses = scenarios.SelectMany(CaseCoverage.ScenarioClasses).Distinct().Select(c => c.ToString()).ToArray();
        var pairs = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (key, under) in spaces)
            pairs[key] = under.SelectMany(space => CoverageModel.Universe(space).Where(CoverageModel.IsRequired))
                .Select(c => c.ToString()).Concat(scenarioClasses).Distinct().Order(StringComparer.Ordinal).ToArray();
        var rows = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (record.Builds.Count < 2) continue;
            var (a, b) = (record.Builds[0], record.Builds[^1]);
            var (older, newer) = isOlder(a, b) ? (a, b) : (b, a);
            var key = RowKey(older, newer, record.MachineType);
            if (rows.ContainsKey(key) || !spaces.TryGetValue(PairKey(older, newer), out var under)) continue;
            rows[key] = under.SelectMany(space => CoverageModel.RequiredFor(space, record.MachineType)).Select(c => c.ToString())
                .Concat(scenarioClasses).Distinct().Order(StringComparer.Ordinal).ToArray();
        }
        return new RunUniverse(pairs, rows);
    }

    public void Save(string runDirectory) =>
        File.WriteAllText(Path.Combine(runDirectory, FileName), JsonSerializer.Serialize(this, ResultsJson.Document));

    /// <summary>The run's universe, or <see cref="Empty"/> for a run written before universes were kept (coverage then shows no "missing").</summary>
    public static RunUniverse Load(string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path)) return Empty;
        try { return JsonSerializer.Deserialize<RunUniverse>(File.ReadAllText(path), ResultsJson.Document) ?? Empty; }
        catch (JsonException) { return Empty; }
    }

    public IReadOnlyList<CoverageClass>? Row(string older, string newer, string machine) =>
        Rows.TryGetValue(RowKey(older, newer, machine), out var classes) ? classes.Select(Parse).ToArray() : null;

    public IReadOnlyList<CoverageClass>? Pair(string older, string newer) =>
        Pairs.TryGetValue(PairKey(older, newer), out var classes) ? classes.Select(Parse).ToArray() : null;

    private static CoverageClass Parse(string text) => text.Split('=', 2) is [var d, var c] ? new CoverageClass(d, c) : new CoverageClass(text, "");
}
