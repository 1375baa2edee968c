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

    /// <summary>The container's launcher, which starts its QEMUs without an exec each.</summary>
    public ContainerLauncher Launcher { get; } = new(Docker, ContainerId, ContainerId[..12]);

    /// <summary>Starts <paramref name="argv"/> in the container: through its launcher, or by an exec of its own where the image has none.</summary>
    public async Task<IContainerProcess> StartProcessAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken = default) =>
        await Launcher.StartAsync(argv, cancellationToken) ?? await Docker.StartExecAsync(ContainerId, argv, cancellationToken);
}
