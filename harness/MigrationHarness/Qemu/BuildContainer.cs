using MigrationHarness.Builds;
using MigrationHarness.Containers;
using MigrationHarness.Model;

namespace MigrationHarness.Qemu;

/// <summary>
/// A long-lived container of one build in which QEMU processes are started by exec: an exec costs a
/// fraction of a container start, and a campaign starts thousands of QEMUs.
/// </summary>
public sealed record BuildContainer(Build Build, string ContainerId, DockerEngine Docker, RunWorkspace Workspace)
{
    public string ShortId => ContainerId[..12];

    /// <summary>The container's shell for the run's small file work (slot directories, memory dumps).</summary>
    public ContainerShell Shell { get; } = new(Docker, ContainerId, ContainerId[..12]);
}
