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

    /// <summary>Every unordered pair of default builds, plus the whole chain, as space keys ("qemu-5.2 qemu-7.2").</summary>
    public static readonly string[] SpaceKeys =
    [
        .. BuildNames.SelectMany((first, i) => BuildNames.Skip(i + 1).Select(second => $"{first} {second}")),
        string.Join(' ', BuildNames),
    ];

    public static TheoryData<string> Spaces() => new(SpaceKeys);

    public static ConfigSpace FromKey(string key) => Space(key.Split(' '));
}
