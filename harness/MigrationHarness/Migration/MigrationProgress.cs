using System.Text.Json;

namespace MigrationHarness.Migration;

/// <summary>
/// How far an outgoing migration has got, as <c>query-migrate</c> reports it: its status, the RAM
/// bytes sent and still to send, and how many dirty-bitmap syncs it has done. A migration still
/// converging on busy cores (TCG) moves these; one that is stuck does not, and only that is a hang.
/// </summary>
public sealed record MigrationProgress(string Status, long Transferred, long Remaining, long DirtySyncs, TimeSpan At)
{
    /// <summary>The progress in a <c>query-migrate</c> answer; counters a build does not report read as zero.</summary>
    public static MigrationProgress Parse(JsonElement queryMigrate, TimeSpan at)
    {
        var status = queryMigrate.TryGetProperty("status", out var s) ? s.GetString() ?? "?" : "none";
        var ram = queryMigrate.TryGetProperty("ram", out var r) && r.ValueKind == JsonValueKind.Object ? r : default;
        long Counter(string name) => ram.ValueKind == JsonValueKind.Object && ram.TryGetProperty(name, out var v) && v.TryGetInt64(out var n) ? n : 0;
        return new MigrationProgress(status, Counter("transferred"), Counter("remaining"), Counter("dirty-sync-count"), at);
    }

    /// <summary>Whether anything moved since <paramref name="earlier"/>: bytes sent, bytes left, a sync, or the status.</summary>
    public bool MovedSince(MigrationProgress? earlier) =>
        earlier is null || Status != earlier.Status || Transferred != earlier.Transferred || Remaining != earlier.Remaining || DirtySyncs != earlier.DirtySyncs;

    /// <summary>"status active, 12.5 MiB sent, 3.0 MiB remaining, 4 dirty syncs, at 61 s".</summary>
    public override string ToString() =>
        $"status {Status}, {Transferred / 1048576.0:0.0} MiB sent, {Remaining / 1048576.0:0.0} MiB remaining, {DirtySyncs} dirty syncs, at {At.TotalSeconds:0} s";
}
