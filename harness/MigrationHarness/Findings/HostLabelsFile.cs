using System.Text.Json;
using MigrationHarness.Results;
using MigrationHarness.Records;

namespace MigrationHarness.Findings;

/// <summary><c>host-dependence.json</c>: the labels replays under the other accelerator gave, by finding id, so reports rendered later keep them.</summary>
public static class HostLabelsFile
{
    public const string FileName = "host-dependence.json";

    public static void Save(string runDirectory, IReadOnlyDictionary<string, HostDependence> labels) =>
        File.WriteAllText(Path.Combine(runDirectory, FileName), JsonSerializer.Serialize(labels, ResultsJson.Document));

    public static IReadOnlyDictionary<string, HostDependence> Load(params string[] runDirectories)
    {
        var labels = new Dictionary<string, HostDependence>(StringComparer.Ordinal);
        foreach (var directory in runDirectories)
        {
            var path = Path.Combine(directory, FileName);
            if (!File.Exists(path)) continue;
            try
            {
                foreach (var (id, label) in JsonSerializer.Deserialize<Dictionary<string, HostDependence>>(File.ReadAllText(path), ResultsJson.Document) ?? [])
                    labels.TryAdd(id, label);
            }
            catch (JsonException)
            {
                // A damaged file only loses the replayed labels: findings fall back to where they were seen.
            }
        }
        return labels;
    }
}
