using System.Text.Json;
using System.Text.Json.Serialization;

namespace MigrationHarness.Records;

/// <summary>The JSON form of every results file (kebab-case names; the schema is in results/README.md).</summary>
public static class ResultsJson
{
    public static readonly JsonSerializerOptions Line = Create(false);
    public static readonly JsonSerializerOptions Document = Create(true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(Configs.ConfigJson.Compact) { WriteIndented = indented, UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };
        return options;
    }
}
