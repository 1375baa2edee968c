namespace MigrationHarness.Configs;

/// <summary>A CPU feature by its QEMU name (e.g. <c>ibpb</c>, <c>x2apic</c>) and what to do with it.</summary>
public sealed record CpuFeature(string Name, FeaturePolicy Policy)
{
    public bool Enabled => Policy is FeaturePolicy.Require or FeaturePolicy.Optional or FeaturePolicy.Force;
}
