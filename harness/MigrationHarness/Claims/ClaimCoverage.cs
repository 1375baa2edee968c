namespace MigrationHarness.Claims;

/// <summary>
/// What a claim's verdict rests on: how many cases were judged, the classes of the config space they
/// exercised, and the classes the claim covers that no case exercised (per claimed direction).
/// </summary>
public sealed record ClaimCoverage(int Cases, IReadOnlyList<string> Exercised, IReadOnlyList<string> Missing)
{
    public static readonly ClaimCoverage None = new(0, [], []);

    public string Summary => $"{Cases} judged cases exercised {Exercised.Count} classes" +
                             (Missing.Count == 0 ? "; nothing the claim covers was missed" : $"; not exercised: {string.Join(", ", Missing)}");
}
