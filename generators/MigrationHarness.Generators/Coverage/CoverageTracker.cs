namespace MigrationHarness.Configs.Coverage;

/// <summary>
/// Which classes, and which pairs of classes, the configs seen so far exercised. Mutable by design:
/// it is the state a steered generator carries from one case to the next, in case order.
/// </summary>
public sealed class CoverageTracker
{
    private readonly HashSet<CoverageClass> _singles = [];
    private readonly HashSet<(CoverageClass, CoverageClass)> _pairs = [];

    public int Singles => _singles.Count;
    public int Cases { get; private set; }

    /// <summary>Set once steering has nothing left to gain (or spent its budget): from then on cases are plain random draws.</summary>
    public bool Saturated { get; set; }
    public int Pairs => _pairs.Count;

    /// <summary>How many new classes, then new pairs, a config exercising <paramref name="classes"/> would add.</summary>
    public (int Singles, int Pairs) Gain(IReadOnlyList<CoverageClass> classes) =>
        (classes.Count(c => !_singles.Contains(c)), CoverageModel.Pairs(classes).Count(p => !_pairs.Contains(p)));

    public void Add(IReadOnlyList<CoverageClass> classes)
    {
        Cases++;
        _singles.UnionWith(classes);
        _pairs.UnionWith(CoverageModel.Pairs(classes));
    }
}
