using System.Text.Json;
using MigrationHarness.Builds;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Qemu;
using MigrationHarness.Qmp;

namespace MigrationHarness.Builds;

/// <summary>
/// Asks a build what it offers, the way libvirt probes QEMU: <c>-machine none</c> under this
/// host's accelerator with QMP on stdio. The answer is cached per image id and host key (accelerator, and under KVM the host CPU and kernel) under
/// <c>results/capabilities/</c>, so each image is probed once.
/// </summary>
public sealed class CapabilityProbe(ContainerPool pool, string cacheDirectory)
{
    /// <summary>Bumped whenever <see cref="BuildCapabilities"/> changes shape, so stale caches are never read.</summary>
    public const int FormatVersion = 4;

    /// <summary>
    /// The host facts a probe's answer depends on: under KVM what the host CPU and the kernel's KVM
    /// offer ("host" model, filtered features); under TCG nothing of the host.
    /// </summary>
    public static string HostKey(Qemu.HostFacts host, Accelerator? accelerator = null) => (accelerator ?? host.Accelerator) == Configs.Accelerator.Tcg
        ? "tcg"
        : "kvm-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(host.CpuModel + "|" + host.Kernel)))[..10];

    /// <summary>What <paramref name="build"/> offers under <paramref name="accelerator"/> (default: the host's own), probed once and cached.</summary>
    public async Task<BuildCapabilities> GetAsync(ReadyBuild build, CancellationToken cancellationToken = default, Accelerator? accelerator = null)
    {
        accelerator ??= pool.Host.Accelerator;
        var cacheFile = Path.Combine(cacheDirectory, $"v{FormatVersion}-{build.Name}-{build.Resolved.ImageId.Replace("sha256:", "")[..16]}-{HostKey(pool.Host, accelerator)}.json");
        if (File.Exists(cacheFile))
        {
            try
            {
                return JsonSerializer.Deserialize<BuildCapabilities>(await File.ReadAllTextAsync(cacheFile, cancellationToken), ConfigJson.Options)!;
            }
            catch (JsonException)
            {
                // A damaged cache entry is re-probed.
            }
        }
        var capabilities = await ProbeAsync(build, accelerator.Value, cancellationToken);
        Directory.CreateDirectory(cacheDirectory);
        var temporary = cacheFile + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(capabilities, ConfigJson.Options), cancellationToken);
        File.Move(temporary, cacheFile, overwrite: true);
        return capabilities;
    }

    private async Task<BuildCapabilities> ProbeAsync(ReadyBuild build, Accelerator accelerator, CancellationToken cancellationToken)
    {
        var container = await pool.GetAsync(build.Build, cancellationToken);
        var accel = accelerator == Accelerator.Kvm ? "kvm" : "tcg";
        await using var exec = await container.Docker.StartExecAsync(container.ContainerId,
            [build.Build.QemuBinary, "-machine", $"none,accel={accel}", "-display", "none", "-nodefaults", "-no-user-config", "-qmp", "stdio"],
            cancellationToken);
        await using var qmp = await QmpClient.ConnectAsync(new StdioQmpChannel(exec), $"probe {build.Name}", cancellationToken: cancellationToken);

        var machines = (await qmp.ExecuteAsync("query-machines", cancellationToken: cancellationToken)).EnumerateArray()
            .Select(m => new MachineTypeInfo(
                m.GetProperty("name").GetString()!,
                String(m, "alias"),
                Bool(m, "is-default"),
                Bool(m, "deprecated"),
                m.TryGetProperty("cpu-max", out var max) ? max.GetInt32() : 1,
                Bool(m, "numa-mem-supported")))
            .OrderBy(m => m.Name, StringComparer.Ordinal).ToValueList();
        var features = await BooleanPropertiesAsync(qmp, "max", cancellationToken);
        var host = accelerator == Accelerator.Kvm ? await BooleanPropertiesAsync(qmp, "host", cancellationToken) : features;
        var models = new List<CpuModelInfo>();
        foreach (var c in (await qmp.ExecuteAsync("query-cpu-definitions", cancellationToken: cancellationToken)).EnumerateArray())
        {
            var name = c.GetProperty("name").GetString()!;
            var expanded = await BooleanPropertiesAsync(qmp, name, cancellationToken);
            var missing = expanded.Where(p => p.Value && host.TryGetValue(p.Key, out var onHost) && !onHost).Select(p => p.Key);
            // Without long mode a guest has 32 physical address bits, 36 with PAE.
            var addressBits = expanded.GetValueOrDefault("lm") ? 40 : expanded.GetValueOrDefault("pae") ? 36 : 32;
            models.Add(new CpuModelInfo(name, String(c, "alias-of"),
                c.TryGetProperty("unavailable-features", out var u) ? u.EnumerateArray().Select(f => f.GetString()!).Order(StringComparer.Ordinal).ToValueList() : [],
                Bool(c, "deprecated"), Bool(c, "migration-safe"),
                missing.Order(StringComparer.Ordinal).ToValueList(), addressBits));
        }
        var memoryDevices = (await qmp.ExecuteAsync("qom-list-types", new { implements = "memory-device", @abstract = false }, cancellationToken: cancellationToken))
            .EnumerateArray().Select(t => t.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToValueList();
        var machineProperties = await MachinePropertiesAsync(qmp, machines, cancellationToken);
        try { await qmp.ExecuteAsync("quit", cancellationToken: cancellationToken); } catch (QmpDisconnectedException) { }

        return new BuildCapabilities(build.Name, build.Resolved.QemuVersion, accelerator, machines,
            models.OrderBy(m => m.Name, StringComparer.Ordinal).ToValueList(),
            features.Keys.Order(StringComparer.Ordinal).ToValueList(),
            host.Where(p => p.Value).Select(p => p.Key).Order(StringComparer.Ordinal).ToValueList(),
            memoryDevices) { MachineProperties = machineProperties };
    }

    /// <summary>
    /// The catalog's machine properties this build lists for each family, asked of the family's
    /// newest versioned type (properties come from the common class, the same for every version of a build).
    /// </summary>
    private static async Task<ValueList<string>> MachinePropertiesAsync(QmpClient qmp, IReadOnlyList<MachineTypeInfo> machines, CancellationToken cancellationToken)
    {
        var result = new List<string>();
        foreach (var family in machines.Where(m => MachineTypes.IsVersioned(m.Name)).GroupBy(m => MachineTypes.Family(m.Name)))
        {
            // The one the family's alias ("q35", "pc") names is its newest; names do not sort by version ("9.2" > "10.0").
            var newest = (family.FirstOrDefault(m => m.Alias is not null) ?? family.First()).Name;
            try
            {
                var listed = (await qmp.ExecuteAsync("qom-list-properties", new { typename = $"{newest}-machine" }, cancellationToken: cancellationToken))
                    .EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToHashSet(StringComparer.Ordinal);
                result.AddRange(MachinePropertyCatalog.All.Where(e => listed.Contains(e.Name)).Select(e => MachinePropertyCatalog.Key(family.Key, e.Name)));
            }
            catch (QmpCommandException)
            {
                // A build that cannot list a machine class's properties offers none of them to the generator.
            }
        }
        return result.Order(StringComparer.Ordinal).ToValueList();
    }

    /// <summary>The boolean properties of a fully expanded CPU model: feature names, and which are on.</summary>
    private static async Task<Dictionary<string, bool>> BooleanPropertiesAsync(QmpClient qmp, string model, CancellationToken cancellationToken)
    {
        var expansion = await qmp.ExecuteAsync("query-cpu-model-expansion", new { type = "full", model = new { name = model } }, cancellationToken: cancellationToken);
        // Alias spellings of one feature (sse4_1, sse4-1, sse4.1) collapse into its canonical name.
        var properties = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var p in expansion.GetProperty("model").GetProperty("props").EnumerateObject())
            if (p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                properties[Configs.Cpu.CpuFeatureNames.Canonical(p.Name)] = p.Value.GetBoolean() || properties.GetValueOrDefault(Configs.Cpu.CpuFeatureNames.Canonical(p.Name));
        return properties;
    }

    private static string? String(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    private static bool Bool(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
}
