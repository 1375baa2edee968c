using MigrationHarness.Builds;
using MigrationHarness.Configs;

namespace MigrationHarness.Migration;

/// <summary>One migration to run: the VM, the two builds, and the limits that turn silence into a hang verdict.</summary>
public sealed record MigrationRequest(ReadyBuild Source, ReadyBuild Destination, VmConfig Config)
{
    public TimeSpan MigrationTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
