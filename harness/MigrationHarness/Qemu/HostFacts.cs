namespace MigrationHarness.Qemu;

/// <summary>
/// Facts about the machine an engine runs on, which go into every manifest and case record and
/// decide the accelerator. They are probed through the engine, never read from the harness's own
/// machine: the engine may be another host (<c>Host/HostProbe</c> reads them).
/// </summary>
public sealed record HostFacts(string Kernel, string CpuModel, bool KvmUsable, int Cores, long MemoryMiB)
{
    public Configs.Accelerator Accelerator => KvmUsable ? Configs.Accelerator.Kvm : Configs.Accelerator.Tcg;

    /// <summary>Why the engine's host runs cases under <see cref="Accelerator"/> (decided by evidence: <c>Host/AcceleratorDecision</c>); null in records written before it was kept.</summary>
    public string? AcceleratorReason { get; init; }
}
