namespace MigrationHarness.Configs.Coverage;

/// <summary>One class of one dimension, e.g. memory-device = virtio-mem-pci.</summary>
public readonly record struct CoverageClass(string Dimension, string Class)
{
    public override string ToString() => $"{Dimension}={Class}";
}
