using System.Text.Json;
using MigrationHarness.Campaign;
using MigrationHarness.Exporters;
using MigrationHarness.Tiers;
using MigrationHarness.Records;

namespace MigrationHarness.Results;

/// <summary>
/// A finished (or interrupted) run read back from <c>results/&lt;run-id&gt;/</c>: its manifest, its
/// judged cases, the tiers they give and the reproducers it wrote.
/// </summary>
public sealed record RunFolder(string Directory, RunManifest Manifest, IReadOnlyList<CaseRecord> Cases, IReadOnlyList<TierRow> Tiers,
    IReadOnlyDictionary<string, string> Reproducers)
{
    public static RunFolder Load(string directory)
    {
        var manifest = ReadManifest(directory);
        var cases = CaseLog.Read(Path.Combine(directory, "cases.jsonl"));
        // Tiers are recomputed from the cases rather than read from tiers.json, so a run stopped before its reports still compares.
        var tiers = TierClassifier.Classify(cases, manifest.OlderByVersion(), universe: Coverage.RunUniverse.Load(directory));
        return new RunFolder(directory, manifest, cases, tiers, ReadReproducers(directory));
    }

    /// <summary>The reproducer folders of a run, by case id, relative to the run directory.</summary>
    public static IReadOnlyDictionary<string, string> ReadReproducers(string directory)
    {
        var root = Path.Combine(directory, "reproducers");
        return System.IO.Directory.Exists(root)
            ? System.IO.Directory.GetDirectories(root).Select(d => Path.GetFileName(d)).ToDictionary(name => name, name => Path.Combine("reproducers", name))
            : new Dictionary<string, string>();
    }

    /// <summary>The manifest of a run directory; a missing or malformed one is bad input, named in one line.</summary>
    public static RunManifest ReadManifest(string directory)
    {
        var path = Path.Combine(directory, "manifest.json");
        if (!File.Exists(path)) throw new BadInputException($"{directory}: no manifest.json there ({path} does not exist: is it a run directory?)");
        try { return JsonSerializer.Deserialize<RunManifest>(File.ReadAllText(path), ResultsJson.Document) ?? throw new BadInputException($"{path} is empty"); }
        catch (JsonException ex) { throw new BadInputException($"{path} is not a run manifest: {ex.Message.Split('.')[0]}"); }
    }
}
