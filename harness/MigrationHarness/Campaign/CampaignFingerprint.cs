using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MigrationHarness.Builds;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Qemu;
using MigrationHarness.Results;
using MigrationHarness.Scenarios;
using MigrationHarness.Model;

namespace MigrationHarness.Campaign;

/// <summary>The <see cref="RunFingerprint"/> of a campaign about to run.</summary>
public static class CampaignFingerprint
{
    public static RunFingerprint Of(IReadOnlyList<ReadyBuild> builds, IReadOnlyDictionary<string, BuildCapabilities> capabilities,
        IReadOnlyList<BuildCapabilities> evidence, GenerationLimits limits, HostFacts host, IReadOnlyList<Scenario> scenarios, CampaignPlan plan, string? machineFilter)
    {
        IReadOnlyList<Accelerator> accelerators = plan.Accelerators.Count > 0 ? plan.Accelerators : [host.Accelerator];
        // The generator reads the pair's capabilities, the host evidence from every probed build and the host's limits: all of it is hashed.
        var space = new StringBuilder();
        foreach (var name in capabilities.Keys.Order(StringComparer.Ordinal)) space.Append(JsonSerializer.Serialize(capabilities[name], ConfigJson.Compact)).Append('\n');
        foreach (var e in evidence.OrderBy(e => e.Build, StringComparer.Ordinal)) space.Append(JsonSerializer.Serialize(e, ConfigJson.Compact)).Append('\n');
        space.Append(JsonSerializer.Serialize(limits, ConfigJson.Compact));
        var hash = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(space.ToString())))[..16];
        return new RunFingerprint(
            typeof(CampaignFingerprint).Assembly.GetName().Version?.ToString() ?? "0",
            builds.OrderBy(b => b.Version).Select(b => $"{b.Name}={b.Resolved.ImageId}").ToArray(),
            hash,
            $"{string.Join(' ', accelerators.Select(a => $"{AcceleratorChoice.Name(a)} {CapabilityProbe.HostKey(host, a)}"))} {limits.MaxTotalMemoryMiB} MiB",
            scenarios.Select(s => s.Name).ToArray(),
            plan.PairNames,
            machineFilter) { Steered = plan.Steered };
    }
}
