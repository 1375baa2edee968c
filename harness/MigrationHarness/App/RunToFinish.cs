using MigrationHarness.Coverage;
using MigrationHarness.Findings;
using MigrationHarness.Records;
using MigrationHarness.Results;

namespace MigrationHarness.App;

/// <summary>
/// A run whose cases are recorded and whose reports are to be written: by <c>mh run</c> at its end, by
/// <c>mh report</c> again, by <c>mh results merge</c> for the joined shards.
/// </summary>
public sealed record RunToFinish(string Directory, RunManifest Manifest, IReadOnlyList<CaseRecord> Cases)
{
    /// <summary>What the cases should cover; saved into the run directory when given.</summary>
    public RunUniverse? Universe { get; init; }

    /// <summary>The known-findings baseline the run is judged against.</summary>
    public IReadOnlyList<KnownFinding> Known { get; init; } = [];

    /// <summary>What replaying findings under TCG said of their host dependence (saved into the run directory).</summary>
    public IReadOnlyDictionary<string, HostDependence> HostLabels { get; init; } = new Dictionary<string, HostDependence>();

    /// <summary>The run directory as the user should read it in commands the reports print.</summary>
    public string? DisplayDirectory { get; init; }
}
