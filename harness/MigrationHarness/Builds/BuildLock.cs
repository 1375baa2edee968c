using System.Text.Json;
using System.Text.Json.Serialization;

namespace MigrationHarness.Builds;

/// <summary>
/// <c>results/builds.lock.json</c>: every build as resolved on this machine. A run's manifest copies
/// it; resolution is redone only for a build whose image id changed.
/// </summary>
public sealed record BuildLock(IReadOnlyList<ResolvedBuild> Builds)
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.KebabCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static BuildLock Load(string path)
    {
        if (!File.Exists(path)) return new BuildLock([]);
        try
        {
            return JsonSerializer.Deserialize<BuildLock>(File.ReadAllText(path), JsonOptions) ?? new BuildLock([]);
        }
        catch (JsonException)
        {
            // A damaged lock is only a cache of facts that can be re-read: start over.
            return new BuildLock([]);
        }
    }

    public ResolvedBuild? Find(string name, string imageId) => Builds.FirstOrDefault(b => b.Name == name && b.ImageId == imageId);

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, JsonOptions));
        File.Move(temporary, path, overwrite: true);
    }
}
