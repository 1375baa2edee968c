using MigrationHarness.Configs.Capabilities;

namespace MigrationHarness.Configs.Validation;

/// <summary>The combinations QEMU is known to refuse at start (see <see cref="KnownRefusal"/>).</summary>
public static class KnownRefusals
{
    public static readonly IReadOnlyList<KnownRefusal> All =
    [
        // hw/i386/pc.c, pc_memory_pre_plug: a pc-dimm or nvdimm, cold-plugged or hot, needs the machine's ACPI device.
        // Seen refused on q35 and i440fx alike by 5.2, 7.2, 10.0 and 11.1; older builds were not tried, so a space with one
        // still draws it. virtio-mem-pci plugs through its PCI bus and starts with acpi=off on all four: it stays drawn.
        new("-machine acpi=off with a pc-dimm or nvdimm", "memory hotplug is not enabled: missing acpi device or acpi disabled",
            new QemuVersion(5, 2, 0), null,
            config => config.MachineProperties.Contains(new MachineProperty("acpi", "off")) && config.Dimms.Any(d => d.Kind is DimmKind.PcDimm or DimmKind.Nvdimm)),
    ];

    /// <summary>The known refusals that every build of <paramref name="space"/> gives <paramref name="config"/>.</summary>
    public static IEnumerable<KnownRefusal> ByEveryBuild(VmConfig config, ConfigSpace space) =>
        All.Where(r => r.Applies(config) && r.IsRefusedByEvery(space));
}
