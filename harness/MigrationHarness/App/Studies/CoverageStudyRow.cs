namespace MigrationHarness.App.Studies;

/// <summary>
/// One pair of a coverage study: how many cases the steered and the plain random plan needed until every
/// required class, every class and every pair of classes either reached was covered (">N" when not within
/// the cases planned), the classes neither reached, and the first case exercising each class asked for.
/// </summary>
public sealed record CoverageStudyRow(string Pair, int Required, string RequiredSteered, string RequiredRandom,
    int Classes, string ClassesSteered, string ClassesRandom, int ClassPairs, string ClassPairsSteered, string ClassPairsRandom,
    IReadOnlyList<string> NeverReached)
{
    /// <summary>For each class asked for: the first case number (within the pair) exercising it, steered and random; "-" when none.</summary>
    public IReadOnlyDictionary<string, (string Steered, string Random)> First { get; init; } = new Dictionary<string, (string, string)>();
}
