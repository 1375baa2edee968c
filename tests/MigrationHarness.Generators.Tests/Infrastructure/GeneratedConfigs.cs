using FsCheck;
using FsCheck.Fluent;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Generation;

namespace MigrationHarness.Generators.Tests.Infrastructure;

/// <summary>
/// The arbitraries [Property] tests draw from: the harness's own generator and shrinker over the
/// default builds' recorded capabilities, so a property sees exactly what a campaign would generate.
/// </summary>
public static class GeneratedConfigs
{
    /// <summary>Configs of the whole default chain (every build must run them).</summary>
    public static Arbitrary<VmConfig> Chain() => VmConfigGen.Arbitrary(CapabilityData.Chain);

    /// <summary>
    /// A space drawn from every pair of default builds and the whole chain, then a config of it;
    /// shrinking stays inside the drawn space.
    /// </summary>
    public static Arbitrary<ConfigInSpace> InEverySpace()
    {
        var keys = CapabilityData.SpaceKeys;
        var arbitraries = keys.ToDictionary(k => k, k => VmConfigGen.Arbitrary(CapabilityData.FromKey(k)));
        var generator = Gen.Elements(keys).SelectMany(key => arbitraries[key].Generator.Select(config => new ConfigInSpace(key, config)));
        return Arb.From(generator, drawn => arbitraries[drawn.Builds].Shrinker(drawn.Config).Select(config => drawn with { Config = config }));
    }
}
