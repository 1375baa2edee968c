using System.Globalization;

namespace MigrationHarness.Results;

/// <summary>
/// The shard runs given to <c>mh results merge</c>, checked to be exactly one campaign: the same seed
/// and fingerprint, the same shard count, every shard once. Anything else is refused in one line:
/// a merged run must be what the unsharded run would have been.
/// </summary>
public static class ShardSet
{
    /// <summary>Why these shards do not make one campaign, or null when they do.</summary>
    public static string? Problem(IReadOnlyList<(string Directory, RunManifest Manifest)> shards)
    {
        if (shards.Count == 0) return "no shards given";
        var seeds = shards.Select(s => s.Manifest.Seed).Distinct().ToArray();
        if (seeds.Length > 1) return $"the shards have different seeds ({string.Join(", ", seeds)}); only shards of one campaign merge";
        if (shards.FirstOrDefault(s => s.Manifest.Fingerprint is null) is { Directory: not null } old)
            return $"{old.Directory} has no fingerprint in its manifest (written by an older harness); its plan cannot be checked";
        var first = shards[0];
        foreach (var other in shards.Skip(1))
            if (first.Manifest.Fingerprint!.Differences(other.Manifest.Fingerprint!) is { Count: > 0 } differences)
                return $"{other.Directory} was planned differently from {first.Directory}: {string.Join("; ", differences)}";
        var parsed = new List<(string Directory, int K, int N)>();
        foreach (var (directory, manifest) in shards)
        {
            if (manifest.Shard is not { } text || text.Split('/') is not [var k, var n]) return $"{directory} is not a shard (run without --shard)";
            parsed.Add((directory, int.Parse(k, CultureInfo.InvariantCulture), int.Parse(n, CultureInfo.InvariantCulture)));
        }
        var counts = parsed.Select(p => p.N).Distinct().ToArray();
        if (counts.Length > 1) return $"the shards split the campaign differently ({string.Join(", ", parsed.Select(p => $"{p.K}/{p.N}").Distinct())})";
        var total = counts[0];
        foreach (var duplicate in parsed.GroupBy(p => p.K).Where(g => g.Count() > 1))
            return $"shard {duplicate.Key}/{total} given twice ({string.Join(", ", duplicate.Select(d => d.Directory))})";
        var missing = Enumerable.Range(1, total).Where(k => parsed.All(p => p.K != k)).ToArray();
        if (missing.Length > 0) return $"shard{(missing.Length > 1 ? "s" : "")} {string.Join(", ", missing.Select(k => $"{k}/{total}"))} missing";
        return null;
    }
}
