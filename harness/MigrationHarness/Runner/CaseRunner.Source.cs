using MigrationHarness.Platform.Catalog;
using System.Text.Json;
using MigrationHarness.Checks;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Cpu;
using MigrationHarness.Guest;
using MigrationHarness.Migration;
using MigrationHarness.Oracles;
using MigrationHarness.Qemu;
using MigrationHarness.Qmp;
using MigrationHarness.Scenarios;
using MigrationHarness.Model;

namespace MigrationHarness.Runner;

public sealed partial class CaseRunner
{
    /// <summary>
    /// Starts the first source and gets it to where migration begins: policies checked, hot DIMMs
    /// plugged, the guest booted (and stopped again for a paused scenario), every check read.
    /// A source that cannot start, refuses a hot-plug or cannot boot the guest cannot run the config
    /// on this host: not applicable. One that dies or stops answering at a step that must not kill
    /// it (a query, a hot-plug) is a crash or a hang of its own.
    /// </summary>
    private async Task<SourceStart> StartFirstSourceAsync(CaseSpec spec, Hop firstHop, string slot, CancellationToken cancellationToken)
    {
        var build = spec.Build(firstHop.From);
        var limits = spec.Limits;
        var container = await pool.GetAsync(build.Build, cancellationToken);
        var args = ArgsFor(spec, spec.Config, build, RenderSide.Source, "src", slot);
        QemuInstance source;
        try
        {
            source = await QemuInstance.StartAsync(container, "src", args, slot, new QemuStartOptions { StartTimeout = limits.Start }, cancellationToken);
        }
        catch (QemuStartException ex) when (ex.HitHarnessLimit)
        {
            throw new InfrastructureException($"{build.Name} could not create its threads under the harness's container limits: {Portability.StartResult.ErrorLine(ex.Stderr)}", ex);
        }
        catch (QemuStartException ex)
        {
            if (ex.Exit is null)
                return SourceStart.Failed(HopObservation.Failed(firstHop, MigrationStatus.NeverAnswered, $"source: {ex.Message}", Evidence(ex), null));
            return SourceStart.Inapplicable($"{build.Name} cannot start the config: {Portability.StartResult.ErrorLine(ex.Stderr)}", Evidence(ex));
        }

        var step = "the policy check";
        try
        {
            IReadOnlyList<string> refused = [];
            var reason = await CheckPoliciesAsync(source, spec.Config, limits, cancellationToken);
            step = "hot-plug";
            reason ??= await HotplugAsync(source, spec.Config, build.Version, limits, cancellationToken);
            if (reason is null)
            {
                step = "the guest boot";
                (reason, refused) = await BootGuestAsync(source, spec, build.Name, cancellationToken);
            }
            if (reason is not null)
            {
                var exit = await source.QuitAsync(limits.Command, CancellationToken.None);
                var evidence = Evidence(source, exit);
                await source.DisposeAsync();
                return SourceStart.Inapplicable(reason, evidence);
            }
            if (spec.Scenario.Guest == GuestMode.Paused)
            {
                step = "stop";
                await source.Qmp.ExecuteAsync("stop", timeout: limits.Command, cancellationToken: cancellationToken);
            }
            step = "the checks";
            // Each check reads what the guest wrote once at boot (or QMP), so they read together: the case waits for the slowest, not the sum.
            var firstReady = GuestPlatforms.ChecksFor(spec.Config.Architecture).Where(c => c.SourceMoment == CheckMoment.FirstSourceReady).ToArray();
            // Read with them: the first hop's memory check compares these ranges on both sides without reading them again.
            var ranges = new GuestInspector(source).WrittenRangesAsync(cancellationToken);
            var reading = Task.WhenAll(firstReady.Select(check => check.ReadAsync(new CheckTarget(source, spec.Config, CheckMoment.FirstSourceReady, limits)
            {
                ReadCpuProperties = spec.Scenario.Hops(spec.Builds.Select(b => b.Name).ToArray()).Length > 1,
                CpuPropertyNames = explainer?.ExplainingCpuProperties,
            }, cancellationToken)));
            await Task.WhenAll(reading, ranges);
            var read = reading.Result;
            var readings = firstReady.Select((check, i) => (check.Name, Reading: read[i])).ToDictionary(x => x.Name, x => x.Reading);
            step = "query-memory-devices";
            var placements = spec.Config.Dimms.Count > 0 ? await PlacementsAsync(source, cancellationToken) : new Dictionary<string, DimmPlacement>();
            return SourceStart.Ready(source, new SourceState(readings, Evidence(source, null))
            {
                Placements = placements, GuestRefused = refused, WrittenRanges = ranges.Result,
            });
        }
        catch (QmpCommandException ex)
        {
            var exit = await source.QuitAsync(limits.Command, CancellationToken.None);
            var evidence = Evidence(source, exit);
            await source.DisposeAsync();
            return SourceStart.Inapplicable($"{build.Name} refuses {step} for this config: {ex.Description}", evidence);
        }
        catch (QmpException ex) when (ex is QmpTimeoutException or QmpDisconnectedException)
        {
            var exit = await source.WaitForExitAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
            if (exit is not null && step == "the guest boot")
            {
                // A source that dies when its guest first runs cannot run this config here (e.g. KVM refusing an MSR at first run).
                var evidence = Evidence(source, exit);
                await source.DisposeAsync();
                return SourceStart.Inapplicable($"{build.Name} died when the guest first ran: {exit}: {ErrorLines(source.Stderr)}".Trim(), evidence);
            }
            var status = exit is null ? MigrationStatus.TimedOut : MigrationStatus.ProcessDied;
            exit ??= await source.KillAsync();
            var failure = HopObservation.Failed(firstHop, status, $"source ({build.Name}) at {step}: {ex.Message} {LastError(source.Stderr)}".Trim(),
                Evidence(source, exit), null);
            await source.DisposeAsync();
            return SourceStart.Failed(failure);
        }
        catch
        {
            await source.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts the guest firmware and waits until every vCPU has recorded its CPUID and the writing
    /// loop runs; the reason when it does not. A guest that recorded a fault, or whose boot processor
    /// stalls at one instruction, is given up on within seconds (<see cref="GuestInspector.WaitForBootAsync"/>).
    /// </summary>
    private static async Task<(string? Reason, IReadOnlyList<string> Refused)> BootGuestAsync(QemuInstance source, CaseSpec spec, string buildName,
        CancellationToken cancellationToken)
    {
        await source.Qmp.ExecuteAsync("cont", timeout: spec.Limits.Command, cancellationToken: cancellationToken);
        var boot = await new GuestInspector(source).WaitForBootAsync(spec.Config.Smp.Cpus, spec.Limits.GuestReady, spec.Limits.Command, cancellationToken);
        if (boot.State == BootState.Ready) return (null, boot.Header.Refused);
        var header = boot.Header;
        var how = boot.State switch
        {
            BootState.Faulted => $", stopped by {header.FaultText}",
            // No exception, no progress: the vCPU re-executes one instruction (QEMU's -d exec shows the same block forever).
            BootState.Stalled => $", its boot processor held at one instruction for {BootSample.StallSpan.TotalSeconds:0.0} s with no exception",
            BootState.StalledInLoop => $", in its loop but no pass of it completed for {BootSample.LoopStallSpan.TotalSeconds:0} s (pass {header.Pass})",
            _ => $", not up within {spec.Limits.GuestReady.TotalSeconds:0} s",
        };
        // Where the boot processor is stuck (its EIP) tells a QEMU that loops on an instruction from a guest that never started.
        var where = boot.BspAt is null ? "" : $", BSP at {boot.BspAt}";
        var refusedText = header.Refused.Count > 0 ? $", the CPU refused {string.Join(", ", header.Refused)} enables" : "";
        return ($"the guest workload did not come up on {buildName} (running: {header.IsRunning}, {header.Cpus}/{spec.Config.Smp.Cpus} vCPUs reported{how}{where}{refusedText}, after {boot.Waited.TotalSeconds:0.0} s)",
            header.Refused);
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
                if (value.ValueKind == JsonValueKind.True) return $"forbidden CPU feature '{name}' is on anyway";
            }
            catch (QmpCommandException)
            {
                // No such property under this name in this build: the feature cannot be on.
            }
        }
        return null;
    }

    /// <summary>Hot-plugs the config's hot DIMMs over QMP, as an operator would before migrating; a refusal is the reason the config cannot be run.</summary>
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
        var node = JsonSerializer.SerializeToNode(arguments)!.AsObject();
        node["qom-type"] = node["qom_type"]!.DeepClone();
        node.Remove("qom_type");
        return node;
    }

    /// <summary>Slots and addresses of the source's memory devices, by id, to place them the same on every destination.</summary>
    private static async Task<IReadOnlyDictionary<string, DimmPlacement>> PlacementsAsync(QemuInstance source, CancellationToken cancellationToken)
    {
        var placements = new Dictionary<string, DimmPlacement>();
        foreach (var device in (await source.Qmp.ExecuteAsync("query-memory-devices", cancellationToken: cancellationToken)).EnumerateArray())
        {
            var data = device.GetProperty("data");
            if (!data.TryGetProperty("id", out var id) || id.GetString() is not { } name) continue;
            var address = data.TryGetProperty("memaddr", out var memaddr) ? memaddr.GetUInt64() : data.TryGetProperty("addr", out var addr) ? addr.GetUInt64() : 0;
            int? slotNumber = data.TryGetProperty("slot", out var s) ? s.GetInt32() : null;
            placements[name] = new DimmPlacement(slotNumber, address);
        }
        return placements;
    }
}
