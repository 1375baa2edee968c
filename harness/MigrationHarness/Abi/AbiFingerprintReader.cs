using System.Collections.Immutable;
using System.Text.Json;
using MigrationHarness.Configs.Cpu;
using MigrationHarness.Qmp;

namespace MigrationHarness.Abi;

/// <summary>
/// Reads an <see cref="AbiFingerprint"/> over QMP: the resolved machine type, the first vCPU's
/// identity and CPUID feature words (and what the host filtered), every vCPU's topology and NUMA
/// node, memory devices and backends. Some guest-visible fields (cache descriptors, topology
/// counts) exist only in CPUID as the guest executes it: the guest workload reads those.
/// </summary>
public static class AbiFingerprintReader
{
    private static readonly string[] CpuProperties = ["vendor", "family", "model", "stepping", "model-id", "level", "xlevel", "phys-bits"];

    /// <param name="cpuPropertyNames">With <paramref name="readCpuProperties"/>: only these of the vCPU's properties (null: all).</param>
    public static async Task<AbiFingerprint> ReadAsync(QmpClient qmp, CancellationToken cancellationToken = default, bool readCpuProperties = true,
        IReadOnlyCollection<string>? cpuPropertyNames = null)
    {
        var aspects = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        ImmutableArray<string> filteredFeatures = [];
        var cpuProperties = ImmutableSortedDictionary<string, string>.Empty;
        // Everything that needs no vCPU path is asked at once (QMP answers in order, by id): one round trip, not five.
        var cpusRead = qmp.ExecuteAsync("query-cpus-fast", cancellationToken: cancellationToken);
        var machine = qmp.ExecuteAsync("qom-get", new { path = "/machine", property = "type" }, cancellationToken: cancellationToken);
        var devicesRead = qmp.ExecuteAsync("query-memory-devices", cancellationToken: cancellationToken);
        var numaRead = HumanMonitorAsync(qmp, "info numa", cancellationToken);
        var memdevsRead = qmp.ExecuteAsync("query-memdev", cancellationToken: cancellationToken);
        var cpus = (await cpusRead).EnumerateArray().ToArray();
        foreach (var cpu in cpus)
        {
            var index = cpu.GetProperty("cpu-index").GetInt32();
            var props = cpu.TryGetProperty("props", out var p) ? p : default;
            string Prop(string name) => props.ValueKind == JsonValueKind.Object && props.TryGetProperty(name, out var v) ? v.ToString() : "-";
            aspects[$"vcpu {index:D3} topology"] = $"socket {Prop("socket-id")} die {Prop("die-id")} core {Prop("core-id")} thread {Prop("thread-id")} node {Prop("node-id")}";
        }
        aspects["machine type"] = (await machine).GetString() ?? "";
        if (cpus.Length > 0)
        {
            var path = cpus[0].GetProperty("qom-path").GetString()!;
            var properties = CpuProperties.Select(name => (name, qmp.ExecuteAsync("qom-get", new { path, property = name }, cancellationToken: cancellationToken))).ToArray();
            var words = qmp.ExecuteAsync("qom-get", new { path, property = "feature-words" }, cancellationToken: cancellationToken);
            var filtered = qmp.ExecuteAsync("qom-get", new { path, property = "filtered-features" }, cancellationToken: cancellationToken);
            var scalars = readCpuProperties ? CpuPropertiesAsync(qmp, path, cpuPropertyNames, cancellationToken) : Task.FromResult(ImmutableSortedDictionary<string, string>.Empty);
            foreach (var (name, value) in properties)
            {
                try { aspects[$"cpu {name}"] = (await value).ToString(); }
                catch (QmpCommandException) { /* a property an older build does not have */ }
            }
            // Newer builds list more feature words; a word a build does not list is all zeros to the guest.
            foreach (var (aspect, value) in FeatureWords(await words).Select(w => (w.Aspect, Value: w.Value & ~TopologyDerivedBits(w.Aspect))).Where(w => w.Value != 0))
                aspects[aspect] = CpuidAspect.Value(value);
            filteredFeatures = [.. FeatureNames(await filtered)];
            cpuProperties = await scalars;
        }
        foreach (var device in (await devicesRead).EnumerateArray())
        {
            var data = device.GetProperty("data");
            var id = data.TryGetProperty("id", out var named) ? named.ToString() : "-";
            aspects[$"memory-device {id}"] = MemoryDeviceText(device.GetProperty("type").GetString() ?? "?", data);
        }
        // What the guest is told about NUMA nodes: their vCPUs and memory (including what was plugged into each).
        foreach (var (node, text) in NumaNodes(await numaRead))
            aspects[$"numa node {node}"] = text;
        var memdevs = (await memdevsRead).EnumerateArray()
            .Select(m => $"{(m.TryGetProperty("id", out var id) ? id.GetString() : "?")} size {m.GetProperty("size")} policy {m.GetProperty("policy").GetString()}")
            .Order(StringComparer.Ordinal).ToArray();
        for (var i = 0; i < memdevs.Length; i++) aspects[$"memdev {i:D2}"] = memdevs[i];
        return new AbiFingerprint(aspects.ToImmutable()) { FilteredFeatures = filteredFeatures, CpuProperties = cpuProperties };
    }

    /// <summary>
    /// The vCPU's scalar QOM properties other than CPUID features and its own ids, asked all at once
    /// (QMP answers by id); with <paramref name="only"/>, just those of them, without listing the rest.
    /// A property a build lacks or cannot read in this state is left out.
    /// </summary>
    public static async Task<ImmutableSortedDictionary<string, string>> CpuPropertiesAsync(QmpClient qmp, string path, IReadOnlyCollection<string>? only,
        CancellationToken cancellationToken)
    {
        var names = only is not null
            ? only.Where(n => !IgnoredCpuProperties.Contains(n)).Distinct().ToArray()
            : await ListedPropertiesAsync(qmp, path, cancellationToken);
        var reads = names.Select(name => (name, qmp.ExecuteAsync("qom-get", new { path, property = name }, cancellationToken: cancellationToken))).ToArray();
        var values = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (name, read) in reads)
        {
            try
            {
                var value = await read;
                // A named property may hold a structure (another build's type for it): only one value is compared.
                if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array) continue;
                values[name] = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            }
            catch (QmpCommandException)
            {
                // Absent from this build, write-only or unreadable here: nothing to compare.
            }
        }
        return values.ToImmutable();
    }

    private static async Task<string[]> ListedPropertiesAsync(QmpClient qmp, string path, CancellationToken cancellationToken)
    {
        var list = await qmp.ExecuteAsync("qom-list", new { path }, cancellationToken: cancellationToken);
        return list.EnumerateArray()
            .Select(p => (Name: p.GetProperty("name").GetString() ?? "", Type: p.TryGetProperty("type", out var t) ? t.GetString() ?? "" : ""))
            .Where(p => ScalarTypes.Contains(p.Type) && !IgnoredCpuProperties.Contains(p.Name) && CpuidFeatureTable.Find(p.Name.Replace('_', '-')) is null
                        && CpuidFeatureTable.Find(p.Name.Replace('-', '_')) is null && CpuidFeatureTable.Find(p.Name.Replace('-', '.')) is null)
            .Select(p => p.Name).Distinct().ToArray();
    }

    /// <summary>The first vCPU's scalar QOM properties, or just <paramref name="only"/> of them (see <see cref="CpuPropertiesAsync"/>).</summary>
    public static async Task<ImmutableSortedDictionary<string, string>> FirstCpuPropertiesAsync(QmpClient qmp, IReadOnlyCollection<string>? only,
        CancellationToken cancellationToken)
    {
        var cpus = (await qmp.ExecuteAsync("query-cpus-fast", cancellationToken: cancellationToken)).EnumerateArray().ToArray();
        return cpus.Length == 0 ? ImmutableSortedDictionary<string, string>.Empty
            : await CpuPropertiesAsync(qmp, cpus[0].GetProperty("qom-path").GetString()!, only, cancellationToken);
    }

    /// <summary>The QOM property types that hold one value (what is compared property by property).</summary>
    internal static readonly HashSet<string> ScalarTypes = new(StringComparer.Ordinal)
    {
        "bool", "str", "string", "int", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "size", "number",
    };

    /// <summary>Which vCPU this is, where it sits and how it was made: the same for the same config, and not what a machine type sets.</summary>
    private static readonly HashSet<string> IgnoredCpuProperties = new(StringComparer.Ordinal)
    {
        "type", "realized", "hotplugged", "hotpluggable", "parent_bus", "apic-id", "node-id", "socket-id", "die-id", "module-id", "cluster-id",
        "core-id", "thread-id", "start-powered-off", "tsc-frequency", "lbr-fmt", "check", "enforce", "kvm", "feature-words", "filtered-features",
    };

    /// <summary>
    /// Every property QMP shows of a memory device, sorted by name: "virtio-mem block-size 2097152
    /// memaddr 4294967296 …". Left out: the id (the aspect's name) and "hotplugged", which says how
    /// this process got the device (a destination gets a source's hot-plugged DIMM on its command
    /// line), not what the guest sees. virtio-mem's guest address is its "memaddr"; its PCI side is
    /// the guest-platform check's.
    /// </summary>
    public static string MemoryDeviceText(string type, JsonElement data) =>
        string.Join(' ', [type, .. data.EnumerateObject()
            .Where(p => p.Name is not ("id" or "hotplugged"))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name} {p.Value}")]);

    private static async Task<string> HumanMonitorAsync(QmpClient qmp, string command, CancellationToken cancellationToken)
    {
        try
        {
            return (await qmp.ExecuteAsync("human-monitor-command", new Dictionary<string, object> { ["command-line"] = command },
                cancellationToken: cancellationToken)).GetString() ?? "";
        }
        catch (QmpCommandException)
        {
            return ""; // a build without the monitor command answers nothing here; the other aspects still compare
        }
    }

    /// <summary>
    /// The nodes of "info numa" (every build prints "node N cpus: …", "node N size: … MB" and,
    /// since 2.x, "node N plugged: … MB") as one line per node.
    /// </summary>
    public static IEnumerable<(int Node, string Text)> NumaNodes(string infoNuma) =>
        infoNuma.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, @"^node (\d+) (cpus|size|plugged):\s*(.*)$"))
            .Where(m => m.Success)
            .GroupBy(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, string.Join(", ", g.Select(m => $"{m.Groups[2].Value} {m.Groups[3].Value.Trim()}"))));

    /// <summary>
    /// Bits QEMU derives from the topology: older builds set them only while answering CPUID (so
    /// their feature-words leave them clear), newer ones during feature expansion (so they show).
    /// The guest sees the same either way; the running guest's own CPUID dump checks them.
    /// </summary>
    private static uint TopologyDerivedBits(string aspect) => aspect switch
    {
        "cpuid 1.0 EDX" => 1u << 28,            // ht
        "cpuid 80000001.0 ECX" => 1u << 1,      // cmp-legacy
        _ => 0,
    };

    /// <summary>The names of the features the host filtered from the vCPU at <paramref name="cpuPath"/>, sorted.</summary>
    public static async Task<IReadOnlyList<string>> ReadFilteredFeaturesAsync(QmpClient qmp, string cpuPath, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        FeatureNames(await qmp.ExecuteAsync("qom-get", new { path = cpuPath, property = "filtered-features" }, timeout, cancellationToken));

    private static string[] FeatureNames(JsonElement words) =>
        FeatureWords(words).Where(w => w.Value != 0)
            .SelectMany(w => CpuidAddress.TryParseRegister(w.Aspect) is { Register: { } reg } at ? CpuidFeatureTable.Decode(at.Leaf, at.Subleaf, reg, w.Value) : [])
            .Order(StringComparer.Ordinal).ToArray();

    /// <summary>QEMU's X86CPUFeatureWordInfo list as (aspect name, value) pairs; duplicates OR together.</summary>
    private static IEnumerable<(string Aspect, uint Value)> FeatureWords(JsonElement words) =>
        words.EnumerateArray()
            .Select(w => (Aspect: CpuidAspect.Name(
                    (uint)w.GetProperty("cpuid-input-eax").GetInt64(),
                    w.TryGetProperty("cpuid-input-ecx", out var ecx) ? (uint)ecx.GetInt64() : 0,
                    Enum.Parse<CpuidRegister>(w.GetProperty("cpuid-register").GetString()!, ignoreCase: true)),
                Value: (uint)w.GetProperty("features").GetInt64()))
            .GroupBy(w => w.Aspect)
            .Select(g => (g.Key, g.Aggregate(0u, (acc, w) => acc | w.Value)));
}
