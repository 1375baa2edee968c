namespace MigrationHarness.Configs.Capabilities;

/// <summary>
/// How large generated configs may get; the generator scales toward these with FsCheck's size.
/// The memory caps keep every single guest RAM allocation below what the host's overcommit
/// heuristic accepts (a refused mmap would be a host problem, not a QEMU finding); maxmem stays
/// inside the 40 physical address bits named CPU models get under KVM.
/// </summary>
public sealed record GenerationLimits(
    int MaxVcpus = 48,
    long MaxAllocationMiB = 16 * 1024,
    long MaxTotalMemoryMiB = 32 * 1024,
    long MaxMaxMemMiB = 768 * 1024,
    int MaxNumaNodes = 8,
    int MaxSlots = 16,
    long MaxDimmMiB = 8 * 1024,
    int MaxExtraFeatures = 12)
{
    public static readonly GenerationLimits Default = new();

    /// <summary>Limits for a host with <paramref name="hostMemoryMiB"/> of RAM: one allocation may use at most two thirds of it.</summary>
    public static GenerationLimits ForHost(long hostMemoryMiB) => hostMemoryMiB <= 0 ? Default : Default with
    {
        MaxAllocationMiB = Math.Clamp(hostMemoryMiB * 2 / 3 / 1024 * 1024, 1024, Default.MaxAllocationMiB),
    };
}
