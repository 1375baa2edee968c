using System.Text.Json;
using System.Text.Json.Serialization;

namespace MigrationHarness.Configs;

/// <summary>
/// The one JSON form of configs and capabilities: kebab-case names, enums as words, indented, so a
/// config file reads like the QEMU options it stands for and diffs cleanly.
/// </summary>
public static class ConfigJson
{
    public static readonly JsonSerializerOptions Options = Create(indented: true);
    public static readonly JsonSerializerOptions Compact = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented) => new()
    {
        WriteIndented = indented,
        PropertyNamingPolicy = JsonNamingPolicy.KebabCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static string Serialize(VmConfig config) => JsonSerializer.Serialize(config, Options);

    /// <summary>Reads a config; any JSON or shape problem becomes a <see cref="FormatException"/> naming the path.</summary>
    public static VmConfig Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<VmConfig>(json, Options) ?? throw new FormatException("the config file holds null");
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 0 } path ? $" at {path}" : "";
            throw new FormatException($"not a valid config{where}: {ex.Message.Split('.')[0].Split(" Path:")[0]}", ex);
        }
    }
}
