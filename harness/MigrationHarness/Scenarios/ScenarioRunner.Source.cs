using MigrationHarness.Configs;
using MigrationHarness.Configs.Cpu;
using MigrationHarness.Guest;
using MigrationHarness.Qemu;
using MigrationHarness.Qmp;

namespace MigrationHarness.Scenarios;

public sealed partial class ScenarioRunner
{
    /// <summary>
    /// Starts the first source and gets it to where migration begins. Anything that fails here
    /// means the config cannot run on this host: not applicable, with QEMU's words as the reason.
    /// </summary>
    private async Task<(QemuInstance? Source, SourceState? State, string? NotApplicable)> StartFirstSourceAsync(CaseSpec spec, string buildName,
        (string HostPath, string ContainerPath) slot, CancellationToken cancellationToken)
    {
        var build = spec.Build(buildName);
        var container = await pool.GetAsync(build.Build, cancellationToken);
        var args = ArgsFor(spec, spec.Config, build, RenderSide.Source, "src", slot);
        QemuInstance source;
        try
        {
            source = await QemuInstance.StartAsync(container, "src", args, slot, new QemuStartOptions { StartTimeout = spec.Limits.Start }, cancellationToken);
        }
        catch (QemuStartException ex)
        {
            return (null, new SourceState(Abi.AbiFingerprint.Empty, [], Evidence(ex)), $"{build.Name} cannot start the config: {Portability.StartResult.ErrorLine(ex.Stderr)}");
        }

        try
        {
            var reason = await CheckPoliciesAsync(source, spec.Config, spec.Limits, cancellationToken)
                         ?? await HotplugAsync(source, spec.Config, build.Version, spec.Limits, cancellationToken);
            IReadOnlyList<GuestCpuid> guestCpuid = [];
            if (reason is null && spec.Scenario.Guest == GuestMode.Running)
            {
                await source.Qmp.ExecuteAsync("cont", timeout: spec.Limits.Command, cancellationToken: cancellationToken);
                var inspector = new GuestInspector(source);
                if (!await inspector.WaitUntilReadyAsync(spec.Config.Smp.Cpus, spec.Limits.GuestReady, cancellationToken))
                {
                    var header = await inspector.ReadHeaderAsync(cancellationToken);
                    reason = $"the guest workload did not come up on {build.Name} (running: {header.IsRunning}, {header.Cpus}/{spec.Config.Smp.Cpus} vCPUs reported)";
                }
                else guestCpuid = await inspector.ReadCpuidAsync(GuestLayout.TableInitial, cancellationToken);
            }
            if (reason is not null)
            {
                var exit = await source.QuitAsync(spec.Limits.Command, CancellationToken.None);
                var evidence = Evidence(source, exit?.ToString());
                await source.DisposeAsync();
                return (null, new SourceState(Abi.AbiFingerprint.Empty, [], evidence), reason);
            }
            var fingerprint = await FingerprintAsync(source, cancellationToken);
            var placements = spec.Config.Dimms.Count > 0 ? await PlacementsAsync(source, cancellationToken) : new Dictionary<string, DimmPlacement>();
            return (source, new SourceState(fingerprint, guestCpuid, Evidence(source, null)) { Placements = placements }, null);
        }
        catch
        {
            await source.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The policy checks after start: a required feature the host filtered, or a forbidden one the
    /// guest got anyway, means this host cannot run the config as written.
    /// </summary>
    private static async Task<string?> CheckPoliciesAsync(QemuInstance source, VmConfig config, CaseLimits limits, CancellationToken cancellationToken)
    {
        var required = config.Cpu.Features.Where(f => f.Policy == FeaturePolicy.Require).Select(f => f.Name).ToHashSet();
        var forbidden = config.Cpu.Features.Where(f => f.Policy == FeaturePolicy.Forbid).Select(f => f.Name).ToArray();
        if (required.Count == 0 && forbidden.Length == 0) return null;
        var cpus = await source.Qmp.ExecuteAsync("query-cpus-fast", timeout: limits.Command, cancellationToken: cancellationToken);
        var path = cpus[0].GetProperty("qom-path").GetString()!;
        if (required.Count > 0)
        {
            var filtered = await Abi.AbiFingerprintReader.ReadFilteredFeaturesAsync(source.Qmp, path, limits.Command, cancellationToken);
            if (filtered.FirstOrDefault(required.Contains) is { } lost) return $"required CPU feature '{lost}' is filtered by this host";
        }
        foreach (var name in forbidden)
        {
            try
            {
                var value = await source.Qmp.ExecuteAsync("qom-get", new { path, property = name }, limits.Command, cancellationToken);
                if (value.ValueKind == System.Text.Json.JsonValueKind.True) return $"forbidden CPU feature '{name}' is on anyway";
            }
            catch (QmpCommandException)
            {
                // No such property under this name in this build: the feature cannot be on.
            }
        }
        return null;
    }

    /// <summary>Hot-plugs the config's hot DIMMs over QMP, as an operator would before migrating.</summary>
    private static async Task<string?> HotplugAsync(QemuInstance source, VmConfig config, QemuVersion version, CaseLimits limits, CancellationToken cancellationToken)
    {
        foreach (var dimm in config.HotDimms)
        {
            // object-add took its properties under "props" until QEMU 6.0, flat since.
            object backend = version < new QemuVersion(6, 0, 0)
                ? new { qom_type = "memory-backend-ram", id = dimm.BackendId, props = new { size = dimm.SizeMiB * 1024 * 1024 } }
                : new { qom_type = "memory-backend-ram", id = dimm.BackendId, size = dimm.SizeMiB * 1024 * 1024 };
            var device = new Dictionary<string, object> { ["driver"] = "pc-dimm", ["id"] = dimm.Id, ["memdev"] = dimm.BackendId };
            if (dimm.Node is { } node) device["node"] = node;
            try
            {
                await source.Qmp.ExecuteAsync("object-add", HyphenateQomType(backend), limits.Command, cancellationToken);
                await source.Qmp.ExecuteAsync("device_add", device, limits.Command, cancellationToken);
            }
            catch (QmpCommandException ex)
            {
                return $"hot-plugging {dimm.Id} failed on the source: {ex.Description}";
            }
        }
        return null;
    }

    private static System.Text.Json.Nodes.JsonNode HyphenateQomType(object arguments)
    {
        var node = System.Text.Json.JsonSerializer.SerializeToNode(arguments)!.AsObject();
        node["qom-type"] = node["qom_type"]!.DeepClone();
        node.Remove("qom_type");
        return node;
    }
}
