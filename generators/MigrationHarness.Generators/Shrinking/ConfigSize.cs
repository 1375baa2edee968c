namespace MigrationHarness.Configs.Shrinking;

/// <summary>
/// The size measure shrinking decreases: a weighted sum in which structure (NUMA nodes, DIMMs,
/// features) outweighs scale (vCPUs, memory). Every shrink candidate is strictly smaller than its
/// parent by this measure, so shrinking always ends.
/// </summary>
public static class ConfigSize
{
    public static long Of(VmConfig config) =>
        10_000L * config.Numa.Nodes.Count
        + 2_000L * config.Numa.Distances.Count
        + 5_000L * config.Dimms.Count
        + 1_000L * config.Cpu.Features.Count
        + 1_000L * config.MachineProperties.Count
        + 500L * (config.Memory.BackendOptions.Count + config.Numa.Nodes.Sum(n => n.BackendOptions.Count) + config.Dimms.Sum(d => d.BackendOptions.Count))
        + 100L * config.Smp.MaxCpus + 10L * config.Smp.Cpus + config.Smp.Sockets + config.Smp.Dies + config.Smp.Cores + config.Smp.Threads
        + config.Memory.SizeMiB / 128
        + config.Memory.Slots * 10L + (config.Memory.MaxMemMiB - config.Memory.SizeMiB) / 1024
        + config.Dimms.Sum(d => d.SizeMiB / 128 + (d.Plug == PlugTime.Hot ? 1 : 0) + (d.Node is null ? 0 : 1))
        + (config.Numa.Backing == NumaBacking.LegacyMem ? 1 : 0)
        + (config.Cpu.Model == "qemu64" ? 0 : 50);
}
