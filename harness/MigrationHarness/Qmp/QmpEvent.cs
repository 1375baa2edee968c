using System.Text.Json;

namespace MigrationHarness.Qmp;

/// <summary>An asynchronous event from QEMU (e.g. <c>MIGRATION</c>, <c>STOP</c>, <c>RESUME</c>).</summary>
public sealed record QmpEvent(string Name, JsonElement Data, DateTimeOffset Timestamp)
{
    /// <summary>A string member of the event data, e.g. the <c>status</c> of a <c>MIGRATION</c> event.</summary>
    public string? DataString(string member) =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(member, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString() : null;

    public override string ToString() => Data.ValueKind == JsonValueKind.Undefined ? Name : $"{Name} {Data.GetRawText()}";
}
