using System.Text.Json;
using System.Text.RegularExpressions;
using MigrationHarness.Abi;
using MigrationHarness.Configs.Cpu;
using MigrationHarness.Oracles;

namespace MigrationHarness.Results;

/// <summary>
/// One QMP question <c>repro.sh</c> asks both sides after the migration, chosen from what drifted:
/// a CPU feature's on/off state, a CPU or machine property, or a whole query. Equal answers mean the
/// guest sees the same thing there; a shell can compare them without parsing JSON.
/// </summary>
public sealed partial record ReproProbe(string Label, string Execute, object? Arguments)
{
    private const string DefaultCpuPath = "/machine/unattached/device[0]";

    /// <summary>The QMP command line for <c>-qmp stdio</c>, tagged with <paramref name="id"/> so its reply can be found.</summary>
    public string Command(string id) =>
        JsonSerializer.Serialize(Arguments is null ? new Dictionary<string, object> { ["execute"] = Execute, ["id"] = id }
            : new Dictionary<string, object> { ["execute"] = Execute, ["arguments"] = Arguments, ["id"] = id });

    /// <summary>
    /// The probes for a hop's differences (always the machine type too). Differences only the running
    /// guest's own CPUID dump shows have no QMP probe; they are returned as <paramref name="unprobed"/>.
    /// </summary>
    public static IReadOnlyList<ReproProbe> For(HopObservation hop, out IReadOnlyList<string> unprobed)
    {
        var cpu = CpuPath(hop.Source);
        var probes = new List<ReproProbe> { new("machine type", "qom-get", new { path = "/machine", property = "type" }) };
        var left = new List<string>();
        foreach (var difference in hop.AbiDifferences)
        {
            var aspect = difference.Typed;
            if (aspect is { Kind: AbiAspectKind.CpuidRegister, FromGuest: false, Cpuid: { Register: { } register } address }
                && CpuidAspect.TryValue(difference.Source ?? "0x0", out var a) && CpuidAspect.TryValue(difference.Destination ?? "0x0", out var b))
            {
                foreach (var name in CpuidFeatureTable.Decode(address.Leaf, address.Subleaf, register, a ^ b))
                    probes.Add(new ReproProbe("feature " + name, "qom-get", new { path = cpu, property = name }));
                continue;
            }
            var probe = aspect.Kind switch
            {
                AbiAspectKind.CpuProperty => new ReproProbe(aspect.Text, "qom-get", new { path = cpu, property = aspect.Subject }),
                AbiAspectKind.VcpuTopology => new ReproProbe("vCPU topology", "query-hotpluggable-cpus", null),
                AbiAspectKind.MemoryDevice => new ReproProbe("memory devices", "query-memory-devices", null),
                AbiAspectKind.Memdev => new ReproProbe("memory backends", "query-memdev", null),
                _ => null,
            };
            if (probe is not null) probes.Add(probe);
            else if (aspect.Kind != AbiAspectKind.MachineType) left.Add(difference.ToString());
        }
        unprobed = left;
        return probes.DistinctBy(p => p.Command("")).ToArray();
    }

    /// <summary>The first vCPU's QOM path as the source reported it; the usual path when the transcript does not say.</summary>
    private static string CpuPath(SideEvidence? source) =>
        source?.Qmp.Select(line => QomPath().Match(line)).FirstOrDefault(m => m.Success)?.Groups[1].Value ?? DefaultCpuPath;

    [GeneratedRegex("\"qom-path\":\\s*\"([^\"]+)\"")]
    private static partial Regex QomPath();
}
