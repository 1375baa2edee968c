using MigrationHarness.Configs;
using MigrationHarness.Configs.Capabilities;

namespace MigrationHarness.Generators.Tests.Infrastructure;

/// <summary>A generated config together with the builds whose common space it was drawn from ("qemu-5.2 qemu-7.2").</summary>
public sealed record ConfigInSpace(string Builds, VmConfig Config)
{
    public ConfigSpace Space => CapabilityData.FromKey(Builds);

    public override string ToString() => $"[{Builds}] {Config}";
}
