namespace MigrationHarness.Configs;

/// <summary>The <c>-cpu</c> model (alias, versioned or named variant) and per-feature policies.</summary>
public sealed record CpuSpec(string Model, ValueList<CpuFeature> Features)
{
    public static readonly CpuSpec Qemu64 = new("qemu64", []);
}
