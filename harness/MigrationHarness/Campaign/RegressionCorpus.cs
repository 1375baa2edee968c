using System.Text.Json;
using System.Text.Json.Nodes;
using MigrationHarness.Configs;

namespace MigrationHarness.Campaign;

/// <summary>
/// Reads the reproducers of earlier runs (a run directory, its <c>reproducers/</c> folder or one
/// reproducer folder) so a campaign can re-run them before any new case, the way an example
/// database replays known failures first. Entries come in path order, so the corpus is deterministic.
/// </summary>
public static class RegressionCorpus
{
    public static IReadOnlyList<CorpusEntry> Load(string directory)
    {
        if (!Directory.Exists(directory)) throw new BadInputException($"--corpus {directory}: the directory does not exist");
        var verdicts = Directory.EnumerateFiles(directory, "verdict.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        if (verdicts.Length == 0) throw new BadInputException($"--corpus {directory}: no reproducer there (no */verdict.json)");
        return verdicts.Select(Read).ToArray();
    }

    private static CorpusEntry Read(string verdictPath)
    {
        var folder = Path.GetDirectoryName(verdictPath)!;
        var configPath = Path.Combine(folder, "config.json");
        if (!File.Exists(configPath)) throw new BadInputException($"{folder}: a reproducer without config.json");
        JsonNode? verdict;
        try { verdict = JsonNode.Parse(File.ReadAllText(verdictPath)); }
        catch (JsonException ex) { throw new BadInputException($"{verdictPath}: not JSON: {ex.Message.Split('.')[0]}"); }
        var scenario = verdict?["scenario"]?.GetValue<string>() ?? throw new BadInputException($"{verdictPath}: 'scenario' is missing");
        var builds = verdict["builds"]?.AsArray().Select(b => b?.GetValue<string>() ?? "").ToArray() ?? [];
        if (builds.Length < 2 || builds.Any(string.IsNullOrEmpty)) throw new BadInputException($"{verdictPath}: 'builds' must name at least two builds");
        VmConfig config;
        try { config = ConfigJson.Deserialize(File.ReadAllText(configPath)); }
        catch (FormatException ex) { throw new BadInputException($"{configPath}: {ex.Message}"); }
        return new CorpusEntry(Path.GetFullPath(folder), config, scenario, builds,
            verdict["verdict"]?.GetValue<string>() ?? "unknown", verdict["signature"]?.GetValue<string>());
    }
}
