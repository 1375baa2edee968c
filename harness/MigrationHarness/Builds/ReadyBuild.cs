using MigrationHarness.Configs;
using MigrationHarness.Model;

namespace MigrationHarness.Builds;

/// <summary>A build whose image exists and whose QEMU version is known: what runners need.</summary>
public sealed record ReadyBuild(Build Build, ResolvedBuild Resolved)
{
    public string Name => Build.Name;
    public QemuVersion Version => Resolved.Version;
    public override string ToString() => $"{Name} ({Resolved.QemuVersion})";
}
