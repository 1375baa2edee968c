using MigrationHarness.Configs;

namespace MigrationHarness.Analysis.Causes;

/// <summary>
/// How many RAM blocks of guest memory QEMU makes for a config: one per NUMA node backed by its own
/// memdev (else one for the machine's RAM, which legacy <c>mem=</c> nodes share), and one per memory
/// device's backend. Firmware and option ROMs are blocks too, but smaller than any guest RAM here.
/// Why it matters: a bug in how QEMU addresses a block other than the first (see
/// <c>tcg-dirty-sync-block-relative-offset</c> in the upstream history) cannot touch a guest with one.
/// </summary>
public static class GuestRamBlocks
{
    public static int Of(VmConfig config) =>
        (config.Numa is { IsEmpty: false, Backing: NumaBacking.Memdev } numa ? numa.Nodes.Count(n => n.MemoryMiB > 0) : 1)
        + config.Dimms.Count;
}
