using MigrationHarness.Containers;
using MigrationHarness.Qemu;

namespace MigrationHarness.Host;

/// <summary>
/// Reads an engine's <see cref="HostFacts"/> and decides its accelerator by evidence: the project's guest
/// must boot under KVM (<see cref="KvmCanary"/>) before KVM is used.
/// </summary>
public static class HostProbe
{
    /// <summary>
    /// Asks the engine for its kernel, cores and memory, and a short-lived container of
    /// <paramref name="image"/> for the CPU model and whether <c>/dev/kvm</c> opens read-write there
    /// (an engine whose host has no <c>/dev/kvm</c> refuses the device: that is TCG, not an error).
    /// Where it opens, the project's guest is booted once under KVM (<see cref="KvmCanary"/>) and
    /// KVM is used only if it came up; the canary's outcome is cached in <paramref name="cacheDirectory"/>
    /// per host and image. <c>MH_ACCEL=tcg</c> forces TCG.
    /// </summary>
    public static async Task<HostFacts> ReadAsync(DockerEngine docker, string image, CancellationToken cancellationToken = default, string? cacheDirectory = null)
    {
        var info = await docker.GetInfoAsync(cancellationToken);
        var forceTcg = Environment.GetEnvironmentVariable("MH_ACCEL") is "tcg";
        var labels = HarnessLabels.For("host-probe-" + Guid.NewGuid().ToString("n")[..8], "host-probe");
        string id;
        var kvmDevice = !forceTcg;
        try
        {
            id = await docker.RunContainerAsync(new ContainerSpec(image, ["sleep", "infinity"], labels) { PassKvm = kvmDevice, MemoryBytes = 256L << 20, ReadOnlyRoot = false }, cancellationToken);
        }
        catch (DockerEngineException ex) when (kvmDevice && ex.Message.Contains("/dev/kvm", StringComparison.Ordinal))
        {
            // "error gathering device information" / "no such file or directory": this host has no KVM device.
            kvmDevice = false;
            id = await docker.RunContainerAsync(new ContainerSpec(image, ["sleep", "infinity"], labels) { MemoryBytes = 256L << 20, ReadOnlyRoot = false }, cancellationToken);
        }
        try
        {
            var (_, cpuinfo, _) = await docker.ExecAsync(id, ["sh", "-c", "grep -m1 '^model name' /proc/cpuinfo"], cancellationToken);
            var cpu = cpuinfo.Split(':', 2) is [_, var name] ? name.Trim() : "unknown";
            var opens = kvmDevice && (await docker.ExecAsync(id, ["sh", "-c", ": <> /dev/kvm"], cancellationToken)).Exit.ExitCode == 0;
            CanaryOutcome? canary = null;
            if (opens)
            {
                var imageId = (await docker.InspectImageAsync(image, cancellationToken))?.Id ?? image;
                var cache = cacheDirectory is null ? null : Path.Combine(cacheDirectory, $"kvm-canary-{Key(info.Kernel, cpu, imageId)}.json");
                canary = cache is not null && File.Exists(cache) ? Read(cache) : null;
                if (canary is null)
                {
                    canary = await KvmCanary.RunAsync(docker, id, "kvm", "qemu64", cancellationToken);
                    if (cache is not null) Write(cache, canary);
                }
            }
            var decision = AcceleratorDecision.Decide(forceTcg, opens, canary);
            return new HostFacts(info.Kernel, cpu, decision.Accelerator == Configs.Accelerator.Kvm, info.Cores, info.MemoryMiB) { AcceleratorReason = decision.Reason };
        }
        finally
        {
            await docker.RemoveContainerAsync(id, CancellationToken.None);
        }
    }

    private static string Key(string kernel, string cpu, string imageId) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{kernel}|{cpu}|{imageId}")))[..16].ToLowerInvariant();

    private static CanaryOutcome? Read(string path)
    {
        try { return System.Text.Json.JsonSerializer.Deserialize<CanaryOutcome>(File.ReadAllText(path)); }
        catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException) { return null; }
    }

    private static void Write(string path, CanaryOutcome canary)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(canary));
        }
        catch (IOException)
        {
            // No cache: the next run boots the canary again.
        }
    }
}
