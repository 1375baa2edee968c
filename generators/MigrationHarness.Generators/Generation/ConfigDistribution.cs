using System.Text;
using MigrationHarness.Configs.Capabilities;

namespace MigrationHarness.Configs.Generation;

/// <summary>How often each shape occurs in a sample of configs: the generator's distribution made visible.</summary>
public sealed record ConfigDistribution(int Total, IReadOnlyList<(string Dimension, IReadOnlyList<(string Value, int Count)> Counts)> Dimensions)
{
    public static ConfigDistribution Of(IReadOnlyCollection<VmConfig> configs)
    {
        IReadOnlyList<(string, int)> Count(IEnumerable<string> values) =>
            values.GroupBy(v => v).Select(g => (g.Key, g.Count())).OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
        string Bucket(int n) => n <= 4 ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : n <= 8 ? "5-8" : n <= 16 ? "9-16" : n <= 32 ? "17-32" : "33+";
        string MemoryBucket(long mib) => mib < 1024 ? "<1G" : mib < 8192 ? "1G-8G" : mib < 32768 ? "8G-32G" : "32G+";
        return new ConfigDistribution(configs.Count,
        [
            ("machine-type family", Count(configs.Select(c => MachineTypes.Family(c.MachineType) + (MachineTypes.IsVersioned(c.MachineType) ? "" : " (alias)")))),
            ("numa nodes", Count(configs.Select(c => c.Numa.Nodes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + (c.Numa.Backing == NumaBacking.LegacyMem && !c.Numa.IsEmpty ? " (mem=)" : "")))),
            ("dimms", Count(configs.Select(c => Bucket(c.Dimms.Count)))),
            ("dimm kinds", Count(configs.SelectMany(c => c.Dimms.Select(d => $"{d.Kind} {d.Plug}".ToLowerInvariant())))),
            ("vcpus (maxcpus)", Count(configs.Select(c => Bucket(c.Smp.MaxCpus)))),
            ("memory", Count(configs.Select(c => MemoryBucket(c.Memory.SizeMiB)))),
            ("maxmem", Count(configs.Select(c => c.Memory.HasHotplugRegion ? MemoryBucket(c.Memory.MaxMemMiB) : "no hotplug region"))),
            ("feature policy", Count(configs.SelectMany(c => c.Cpu.Features.Select(f => f.Policy.ToString().ToLowerInvariant())))),
            ("features per config", Count(configs.Select(c => Bucket(c.Cpu.Features.Count)))),
            ("cpu model", TopAndOther(Count(configs.Select(c => c.Cpu.Model)), 10)),
        ]);
    }

    private static IReadOnlyList<(string, int)> TopAndOther(IReadOnlyList<(string Value, int Count)> counts, int top)
    {
        var sorted = counts.OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal).ToArray();
        return sorted.Length <= top ? sorted : [.. sorted.Take(top), ($"({sorted.Length - top} others)", sorted.Skip(top).Sum(c => c.Count))];
    }

    public string Render()
    {
        var text = new StringBuilder($"{Total} configs\n");
        foreach (var (dimension, counts) in Dimensions)
        {
            var all = counts.Sum(c => c.Count);
            text.AppendLine(dimension + ":");
            foreach (var (value, count) in counts)
                text.AppendLine($"  {value,-24} {count,6}  {100.0 * count / Math.Max(1, all),5:0.0}%");
        }
        return text.ToString();
    }
}
