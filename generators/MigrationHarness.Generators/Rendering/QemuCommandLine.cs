using System.Collections.Immutable;
using System.Globalization;

namespace MigrationHarness.Configs;

/// <summary>
/// Renders a <see cref="VmConfig"/> as the argv of one QEMU build (without the binary and without
/// the harness's own plumbing: QMP socket, <c>-S</c>, <c>-incoming</c>). The output is canonical:
/// <see cref="QemuCommandLineParser"/> reads it back to the same config.
/// </summary>
public static class QemuCommandLine
{
    /// <summary>Options every harness VM carries; they keep devices the config does not describe out of the guest.</summary>
    public static readonly ImmutableArray<string> FixedOptions = ["-nodefaults", "-no-user-config", "-display", "none"];

    /// <param name="placements">Slots and addresses the source gave its memory devices, by id (destination side).</param>
    public static ImmutableArray<string> Render(VmConfig config, RenderSide side = RenderSide.Source,
        IReadOnlyDictionary<string, DimmPlacement>? placements = null)
    {
        var args = ImmutableArray.CreateBuilder<string>();
        args.AddRange(FixedOptions);

        var machine = $"{config.MachineType},accel={(config.Accelerator == Accelerator.Kvm ? "kvm" : "tcg")}";
        if (config.NeedsNvdimm) machine += ",nvdimm=on";
        foreach (var property in config.MachineProperties) machine += "," + property;
        var ramBackend = config.Memory.BackendOptions.Count > 0 && config.Numa.IsEmpty;
        if (ramBackend) machine += ",memory-backend=" + MemoryLayout.BackendId;
        args.Add("-machine"); args.Add(machine);

        args.Add("-cpu"); args.Add(RenderCpu(config.Cpu));

        var smp = config.Smp;
        args.Add("-smp");
        // A partial topology goes to the build as written: completing it is the build's business, and builds differ.
        args.Add(smp.Written ?? Invariant($"cpus={smp.Cpus},maxcpus={smp.MaxCpus},sockets={smp.Sockets},dies={smp.Dies},cores={smp.Cores},threads={smp.Threads}"));

        var memory = config.Memory;
        if (ramBackend)
        {
            args.Add("-object"); args.Add($"memory-backend-ram,id={MemoryLayout.BackendId},size={Sizes.Render(memory.SizeMiB)}{Options(memory.BackendOptions)}");
        }
        args.Add("-m");
        args.Add(memory.HasHotplugRegion
            ? Invariant($"size={Sizes.Render(memory.SizeMiB)},slots={memory.Slots},maxmem={Sizes.Render(memory.MaxMemMiB)}")
            : Invariant($"size={Sizes.Render(memory.SizeMiB)}"));

        foreach (var node in config.Numa.Nodes)
        {
            var spec = Invariant($"node,nodeid={node.Id}");
            foreach (var range in CpuRanges(node.Cpus)) spec += ",cpus=" + range;
            if (config.Numa.Backing == NumaBacking.Memdev)
            {
                args.Add("-object"); args.Add(Invariant($"memory-backend-ram,id=ram-node{node.Id},size={Sizes.Render(node.MemoryMiB)}") + Options(node.BackendOptions));
                spec += Invariant($",memdev=ram-node{node.Id}");
            }
            else
            {
                spec += ",mem=" + Sizes.Render(node.MemoryMiB);
            }
            args.Add("-numa"); args.Add(spec);
        }
        foreach (var distance in config.Numa.Distances)
        {
            args.Add("-numa"); args.Add(Invariant($"dist,src={distance.Source},dst={distance.Destination},val={distance.Value}"));
        }

        // The destination lists the source's cold devices first, then the hot-plugged ones in plug order.
        var dimms = side == RenderSide.Destination ? config.ColdDimms.Concat(config.HotDimms) : config.ColdDimms;
        foreach (var dimm in dimms)
        {
            args.Add("-object"); args.Add(RenderBackend(dimm));
            args.Add("-device"); args.Add(RenderDevice(dimm, placements?.GetValueOrDefault(dimm.Id)));
        }
        return args.ToImmutable();
    }

    public static string RenderCpu(CpuSpec cpu) =>
        cpu.Model + string.Concat(cpu.Features.Select(f => $",{f.Name}={(f.Enabled ? "on" : "off")}"));

    public static string RenderBackend(Dimm dimm) => $"memory-backend-ram,id={dimm.BackendId},size={Sizes.Render(dimm.SizeMiB)}{Options(dimm.BackendOptions)}";

    private static string Options(IEnumerable<BackendOption> options) => string.Concat(options.Select(o => "," + o));

    public static string RenderDevice(Dimm dimm, DimmPlacement? placement = null)
    {
        var node = dimm.Node is { } n ? Invariant($",node={n}") : "";
        var place = placement is null ? "" : Invariant($"{(placement.Slot is { } slot ? $",slot={slot}" : "")},addr=0x{placement.Address:x}");
        return dimm.Kind switch
        {
            DimmKind.PcDimm => $"pc-dimm,id={dimm.Id},memdev={dimm.BackendId}{node}{place}",
            DimmKind.Nvdimm => $"nvdimm,id={dimm.Id},memdev={dimm.BackendId}{node}{place}",
            // virtio-mem starts with nothing plugged: its whole backend is the hot-pluggable region.
            DimmKind.VirtioMem => $"virtio-mem-pci,id={dimm.Id},memdev={dimm.BackendId}{node},requested-size=0" +
                                  (placement is null ? "" : Invariant($",memaddr=0x{placement.Address:x}")),
            _ => throw new ArgumentOutOfRangeException(nameof(dimm)),
        };
    }

    /// <summary>Collapses vCPU indexes into QEMU's <c>a-b</c> ranges: [0,1,2,5] → "0-2", "5".</summary>
    public static IEnumerable<string> CpuRanges(IEnumerable<int> cpus)
    {
        var sorted = cpus.Order().ToArray();
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1) j++;
            yield return i == j ? Invariant($"{sorted[i]}") : Invariant($"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
