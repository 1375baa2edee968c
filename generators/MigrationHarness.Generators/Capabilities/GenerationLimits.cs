namespace MigrationHarness.Configs.Capabilities;

/// <summary>
/// How large generated configs may get; the generator scales toward these with FsCheck's size
/// (vCPUs beyond <see cref="Generation.VmConfigGen.CommonVcpus"/> only in its rare large draws).
/// The memory caps keep every single guest RAM allocation below what the host's overcommit
/// heuristic accepts (a refused mmap would be a host problem, not a QEMU finding); maxmem stays
/// inside the 40 physical address bits named CPU models get under KVM.
/// </summary>
public sealed record GenerationLimits(
    int MaxVcpus = 255,
    long MaxAllocationMiB = 16 * 1024,
    long MaxTotalMemoryMiB = 32 * 1024,
    long MaxMaxMemMiB = 768 * 1024,
    int MaxNumaNodes = 8,
    int MaxSlots = 16,
    long MaxDimmMiB = 8 * 1024,
    int MaxExtraFeatures = 12)
{
    public static readonly GenerationLimits Default = new();

    /// <summary>
    /// Limits for a host with <paramref name="hostMemoryMiB"/> of RAM. A migration makes both sides
    /// hold the guest's whole RAM (the source reads every page, the destination writes it: measured,
    /// an untouched 8 GiB guest ends at 8 GiB resident on each side), and two cases run at once, so
    /// a guest may have a fifth of the host: more would end in the kernel's OOM killer, the harness's
    /// limit and not a QEMU finding.
    /// </summary>
    public static GenerationLimits ForHost(long hostMemoryMiB)
    {
        if (hostMemoryMiB <= 0) return Default;
        var guest = Math.Clamp(hostMemoryMiB / 5 / 1024 * 1024, 1024, Default.MaxTotalMemoryMiB);
        return Default with { MaxTotalMemoryMiB = guest, MaxAllocationMiB = Math.Min(guest, Default.MaxAllocationMiB), MaxDimmMiB = Math.Min(guest, Default.MaxDimmMiB) };
    }
}
