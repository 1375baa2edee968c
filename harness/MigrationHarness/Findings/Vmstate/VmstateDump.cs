using System.Text.Json;

namespace MigrationHarness.Findings.Vmstate;

/// <summary>
/// What <c>qemu-system-x86_64 -machine M -dump-vmstate FILE</c> writes: the machine type and every
/// device class's vmstate description, keyed here by the vmstate name that a migration stream's
/// section carries (several device types may share one, e.g. the UHCI controllers).
/// </summary>
public sealed record VmstateDump(string Machine, IReadOnlyDictionary<string, VmstateDescription> Sections)
{
    public static VmstateDump Parse(string json)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(json); }
        catch (JsonException ex) { throw new FormatException($"not a -dump-vmstate file: {ex.Message}"); }
        using (document)
        {
            var machine = "";
            var sections = new SortedDictionary<string, VmstateDescription>(StringComparer.Ordinal);
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.Name == "vmschkmachine")
                {
                    machine = entry.Value.TryGetProperty("Name", out var name) ? name.GetString() ?? "" : "";
                    continue;
                }
                if (!entry.Value.TryGetProperty("Description", out var description)) continue;
                var parsed = Description(description);
                sections.TryAdd(parsed.Name, parsed);
            }
            return new VmstateDump(machine, sections);
        }
    }

    private static VmstateDescription Description(JsonElement element) => new(
        Text(element, "name"), Number(element, "version_id"), Number(element, "minimum_version_id"),
        element.TryGetProperty("Fields", out var fields) ? fields.EnumerateArray().Select(Field).ToArray() : [],
        element.TryGetProperty("Subsections", out var subsections) ? subsections.EnumerateArray().Select(Description).ToArray() : []);

    private static VmstateField Field(JsonElement element) => new(
        Text(element, "field"), Number(element, "version_id"), Number(element, "size"),
        element.TryGetProperty("num", out var num) && num.TryGetInt64(out var n) ? n : null,
        element.TryGetProperty("Description", out var nested) ? Description(nested) : null,
        element.TryGetProperty("field_exists", out var exists) && exists.ValueKind == JsonValueKind.True);

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static int Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : 0;
}
