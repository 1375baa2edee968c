using MigrationHarness.Configs.Coverage;

namespace MigrationHarness.Coverage;

/// <summary>
/// How often each class was exercised by a set of cases, and which classes of the universe they
/// should cover were not exercised at all (e.g. "memory-device=virtio-mem-pci"): what a tier, a
/// claim, a finding or a run rests on.
/// </summary>
public sealed record CoverageCounts(IReadOnlyDictionary<string, int> Exercised, IReadOnlyList<string> Missing, int Universe)
{
    public static readonly CoverageCounts None = new(new Dictionary<string, int>(), [], 0);

    public static CoverageCounts Of(IEnumerable<IReadOnlyList<CoverageClass>> cases, IEnumerable<CoverageClass>? universe)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in cases.SelectMany(c => c.Distinct()))
            counts[c.ToString()] = counts.GetValueOrDefault(c.ToString()) + 1;
        var all = universe?.Select(c => c.ToString()).Distinct().ToArray() ?? [];
        return new CoverageCounts(counts, all.Where(c => !counts.ContainsKey(c)).Order(StringComparer.Ordinal).ToArray(), all.Length);
    }

    /// <summary>"31/44 classes; missing memory-device=virtio-mem-pci, numa-nodes=5+, … (13)".</summary>
    public string Summary(int show = 6) => Universe == 0
        ? $"{Exercised.Count} classes exercised"
        : $"{Universe - Missing.Count}/{Universe} classes" + (Missing.Count == 0 ? "" :
            $"; missing {string.Join(", ", Missing.Take(show))}{(Missing.Count > show ? $", … ({Missing.Count})" : "")}");

    /// <summary>Classes exercised here and not in <paramref name="before"/>, and the reverse.</summary>
    public (IReadOnlyList<string> Gained, IReadOnlyList<string> Lost) Against(CoverageCounts before) =>
        (Exercised.Keys.Except(before.Exercised.Keys).Order(StringComparer.Ordinal).ToArray(),
         before.Exercised.Keys.Except(Exercised.Keys).Order(StringComparer.Ordinal).ToArray());
}
