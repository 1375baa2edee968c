using MigrationHarness.Containers;

namespace MigrationHarness.Qemu;

/// <summary>
/// Facts about the machine an engine runs on, which go into every manifest and case record and
/// decide the accelerator. They are probed through the engine, never read from the harness's own
/// machine: the engine may be another host.
/// </summary>
public sealed record HostFacts(string Kernel, string CpuModel, bool KvmUsable, int Cores, long MemoryMiB)
{
    public Configs.Accelerator Accelerator => KvmUsable ? Configs.Accelerator.Kvm : Configs.Accelerator.Tcg;

    /// <summary>
    /// Asks the engine for its kernel, cores and memory, and a short-lived container of
    /// <paramref name="image"/> for the CPU model and whether <c>/dev/kvm</c> opens read-write there
    /// (an engine whose host has no <c>/dev/kvm</c> refuses the device: that is TCG, not an error).
    /// <c>MH_ACCEL=tcg</c> forces TCG.
    /// </summary>
    public static async Task<HostFacts> ProbeAsync(DockerEngine docker, string image, CancellationToken cancellationToken = default)
    {
        var info = await docker.GetInfoAsync(cancellationToken);
        var forceTcg = Environment.GetEnvironmentVariable("MH_ACCEL") is "tcg";
        var labels = HarnessLabels.For("host-probe-" + Guid.NewGuid().ToString("n")[..8], "host-probe");
        string id;
        var kvmDevice = !forceTcg;
        try
        {
            id = await docker.RunContainerAsync(new ContainerSpec(image, ["sleep", "infinity"], labels) { PassKvm = kvmDevice, MemoryBytes = 64L << 20 }, cancellationToken);
        }
        catch (DockerEngineException ex) when (kvmDevice && ex.Message.Contains("/dev/kvm", StringComparison.Ordinal))
        {
            // "error gathering device information" / "no such file or directory": this host has no KVM device.
            kvmDevice = false;
            id = await docker.RunContainerAsync(new ContainerSpec(image, ["sleep", "infinity"], labels) { MemoryBytes = 64L << 20 }, cancellationToken);
        }
        try
        {
            var (_, cpuinfo, _) = await docker.ExecAsync(id, ["sh", "-c", "grep -m1 '^model name' /proc/cpuinfo"], cancellationToken);
            var cpu = cpuinfo.Split(':', 2) is [_, var name] ? name.Trim() : "unknown";
            var kvm = kvmDevice && (await docker.ExecAsync(id, ["sh", "-c", ": <> /dev/kvm"], cancellationToken)).Exit.ExitCode == 0;
            return new HostFacts(info.Kernel, cpu, kvm, info.Cores, info.MemoryMiB);
        }
        finally
        {
            await docker.RemoveContainerAsync(id, CancellationToken.None);
        }
    }
}
