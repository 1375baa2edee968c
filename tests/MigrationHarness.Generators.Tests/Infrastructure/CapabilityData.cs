using System.Text.Json;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Capabilities;

namespace MigrationHarness.Generators.Tests.Infrastructure;

/// <summary>
/// Capabilities of the four default builds as probed on a KVM host (data/capabilities, written by
/// the harness's probe), so generator properties run without Docker and always on the same space.
/// </summary>
public static class CapabilityData
{
    public static readonly string[] BuildNames = ["qemu-5.2", "qemu-7.2", "qemu-10.0", "qemu-11.1"];

    private static readonly Dictionary<string, BuildCapabilities> Loaded = BuildNames.ToDictionary(n => n, n =>
        JsonSerializer.Deserialize<BuildCapabilities>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "capabilities", n + ".json")), ConfigJson.Options)!);

    public static BuildCapabilities Get(string name) => Loaded[name];

    public static ConfigSpace Space(params string[] builds) => new(builds.Select(Get).ToArray(), hostEvidence: BuildNames.Select(Get).ToArray());

    public static ConfigSpace Chain => Space(BuildNames);

    /// <summary>Every unordered pair of default builds, plus the whole chain.</summary>
    public static TheoryData<string> Spaces()
    {
        var data = new TheoryData<string>();
        for (var i = 0; i < BuildNames.Length; i++)
            for (var j = i + 1; j < BuildNames.Length; j++)
                data.Add($"{BuildNames[i]} {BuildNames[j]}");
        data.Add(string.Join(' ', BuildNames));
        return data;
    }

    public static ConfigSpace FromKey(string key) => Space(key.Split(' '));
}
