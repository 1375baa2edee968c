using MigrationHarness.Configs.Coverage;
using MigrationHarness.Results;
using MigrationHarness.Records;
using MigrationHarness.Scenarios;

namespace MigrationHarness.Coverage;

/// <summary>
/// The classes a recorded case exercised: its config's (<see cref="CoverageModel"/>) plus the
/// scenario's kind and guest mode, which the config model does not know.
/// </summary>
public static class CaseCoverage
{
    public static IReadOnlyList<CoverageClass> Of(CaseRecord record) =>
        CoverageModel.Of(record.Config).Concat(ScenarioClasses(record.Scenario)).ToArray();

    public static IEnumerable<CoverageClass> ScenarioClasses(string scenario)
    {
        var name = ScenarioName.Parse(scenario);
        yield return new CoverageClass("scenario", name.Family);
        yield return new CoverageClass("guest", name.ModeName);
    }
}
