using System.Text.Json;
using MigrationHarness.Configs;


namespace MigrationHarness.Results;

/// <summary>What a reproducer folder says: the config and the failing hop's builds. Anything missing is bad input in one line.</summary>
public sealed record ReproducerFolder(VmConfig Config, string From, string To)
{
    public static ReproducerFolder Read(string folder)
    {
        var configPath = Path.Combine(folder, "config.json");
        var verdictPath = Path.Combine(folder, "verdict.json");
        if (!File.Exists(configPath) || !File.Exists(verdictPath)) throw new BadInputException($"{folder} is not a reproducer folder (needs config.json and verdict.json)");
        VmConfig config;
        try { config = ConfigJson.Deserialize(File.ReadAllText(configPath)); }
        catch (FormatException ex) { throw new BadInputException($"{configPath}: {ex.Message}"); }
        try
        {
            using var verdict = JsonDocument.Parse(File.ReadAllText(verdictPath));
            var root = verdict.RootElement;
            if (root.TryGetProperty("hop", out var hop) && hop.TryGetProperty("from", out var f) && hop.TryGetProperty("to", out var t))
                return new ReproducerFolder(config, f.GetString()!, t.GetString()!);
            var builds = root.GetProperty("builds").EnumerateArray().Select(b => b.GetString()!).ToArray();
            return builds.Length >= 2 ? new ReproducerFolder(config, builds[0], builds[1]) : throw new BadInputException($"{verdictPath}: names fewer than two builds");
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new BadInputException($"{verdictPath} is not a reproducer's verdict: {ex.Message.Split('\n')[0]}");
        }
    }
}
