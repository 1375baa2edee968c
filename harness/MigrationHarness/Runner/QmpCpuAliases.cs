using System.Text.Json;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Cpu;
using MigrationHarness.Qmp;
using MigrationHarness.Scenarios;

namespace MigrationHarness.Runner;

/// <summary>
/// The running source's CPU as its QMP tells it: a model's aliases (<c>query-cpu-definitions</c>'
/// <c>alias-of</c>) and the vCPU's expanded features, read from its <c>feature-words</c> (what the
/// guest gets, after the accelerator filtered what it cannot give) and named as the vCPU's own QOM
/// properties name them.
/// </summary>
public sealed class QmpCpuAliases(QmpClient qmp, TimeSpan timeout) : ISourceCpu
{
    public async Task<string?> TargetOfAsync(string model, CancellationToken cancellationToken = default)
    {
        var definitions = await qmp.ExecuteAsync("query-cpu-definitions", timeout: timeout, cancellationToken: cancellationToken);
        var alias = definitions.EnumerateArray().FirstOrDefault(d => d.GetProperty("name").GetString() == model);
        return alias.ValueKind == JsonValueKind.Object && alias.TryGetProperty("alias-of", out var target) ? target.GetString() : null;
    }

    /// <summary>
    /// Bits QEMU sets from the topology (older builds only while answering CPUID, so their words leave
    /// them clear): pinning them would change the destination, not keep it.
    /// </summary>
    private static readonly HashSet<string> TopologyDerived = new(StringComparer.Ordinal) { "ht", "cmp-legacy" };

    public async Task<IReadOnlyList<CpuFeature>> ExpandedFeaturesAsync(CancellationToken cancellationToken = default)
    {
        var cpus = await qmp.ExecuteAsync("query-cpus-fast", timeout: timeout, cancellationToken: cancellationToken);
        var path = cpus.EnumerateArray().Select(c => c.GetProperty("qom-path").GetString()).FirstOrDefault();
        if (path is null) return [];
        var properties = (await qmp.ExecuteAsync("qom-list", new { path }, timeout, cancellationToken)).EnumerateArray()
            .Where(p => p.TryGetProperty("type", out var t) && t.GetString() == "bool").Select(p => p.GetProperty("name").GetString()!).ToHashSet(StringComparer.Ordinal);
        var words = await qmp.ExecuteAsync("qom-get", new { path, property = "feature-words" }, timeout, cancellationToken);
        var features = new List<CpuFeature>();
        foreach (var word in words.EnumerateArray())
        {
            var leaf = (uint)word.GetProperty("cpuid-input-eax").GetInt64();
            var subleaf = word.TryGetProperty("cpuid-input-ecx", out var ecx) ? (uint)ecx.GetInt64() : 0;
            var register = Enum.Parse<CpuidRegister>(word.GetProperty("cpuid-register").GetString()!, ignoreCase: true);
            var value = (uint)word.GetProperty("features").GetInt64();
            foreach (var bit in CpuidFeatureTable.All.Where(b => b.Leaf == leaf && b.Subleaf == subleaf && b.Register == register))
            {
                if (!properties.Contains(bit.Name) || TopologyDerived.Contains(bit.Name)) continue;
                features.Add(new CpuFeature(bit.Name, (value & (1u << bit.Bit)) != 0 ? FeaturePolicy.Optional : FeaturePolicy.Disable));
            }
        }
        return features.DistinctBy(f => f.Name).OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
    }
}
