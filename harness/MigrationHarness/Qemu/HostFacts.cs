namespace MigrationHarness.Qemu;

/// <summary>Facts about this host that go into every manifest and decide the accelerator.</summary>
public sealed record HostFacts(string Kernel, string CpuModel, bool KvmUsable, int Cores, long MemoryMiB)
{
    public Configs.Accelerator Accelerator => KvmUsable ? Configs.Accelerator.Kvm : Configs.Accelerator.Tcg;

    public static HostFacts Read()
    {
        var kernel = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : Environment.OSVersion.VersionString;
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";
        var memory = File.Exists("/proc/meminfo")
            ? long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024
            : 0;
        return new HostFacts(kernel, cpu, KvmIsUsable(), Environment.ProcessorCount, memory);
    }

    /// <summary>KVM counts only if /dev/kvm can actually be opened; a node that exists but refuses means TCG.</summary>
    private static bool KvmIsUsable()
    {
        if (Environment.GetEnvironmentVariable("MH_ACCEL") is "tcg") return false;
        try
        {
            using var kvm = new FileStream("/dev/kvm", FileMode.Open, FileAccess.ReadWrite);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
