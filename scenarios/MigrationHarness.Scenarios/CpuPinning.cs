namespace MigrationHarness.Scenarios;

/// <summary>
/// How a scenario gives the destination the source's CPU pinned, as libvirt does: the source's
/// expanded definition with every feature spelled out (query the running vCPU, send the features),
/// so what a newer accelerator could add cannot appear and what still differs is QEMU's own doing.
/// </summary>
public static class CpuPinning
{
    public const string Spelling = "pinned-cpu";

    public static async Task<Configs.VmConfig> PinAsync(Configs.VmConfig config, ICpuAliases source, CancellationToken cancellationToken)
    {
        if (source is not ISourceCpu cpu) return config;
        var features = await cpu.ExpandedFeaturesAsync(cancellationToken);
        return features.Count == 0 ? config : config with { Cpu = config.Cpu with { Features = [.. features] } };
    }
}
