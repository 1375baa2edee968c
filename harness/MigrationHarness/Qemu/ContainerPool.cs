using System.Collections.Concurrent;
using MigrationHarness.Builds;
using MigrationHarness.Containers;

namespace MigrationHarness.Qemu;

/// <summary>
/// The containers of one run: one per build, created on first use, all labelled with the run, all
/// removed on dispose (and by <see cref="ContainerJanitor"/> if the process dies first).
/// </summary>
public sealed class ContainerPool(DockerClient docker, RunWorkspace workspace, HostFacts host) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<BuildContainer>>> _containers = new();

    public DockerClient Docker => docker;
    public RunWorkspace Workspace => workspace;
    public HostFacts Host => host;

    public Task<BuildContainer> GetAsync(Build build, CancellationToken cancellationToken = default) =>
        _containers.GetOrAdd(build.Name, _ => new Lazy<Task<BuildContainer>>(() => CreateAsync(build, cancellationToken))).Value;

    private async Task<BuildContainer> CreateAsync(Build build, CancellationToken cancellationToken)
    {
        var spec = new ContainerSpec(build.Image, ["sleep", "infinity"], HarnessLabels.For(workspace.RunId, build.Name))
        {
            Binds = [workspace.Bind, .. build.Binds],
            PassKvm = host.KvmUsable,
        };
        var id = await docker.RunContainerAsync(spec, cancellationToken);
        return new BuildContainer(build, id, docker, workspace);
    }

    /// <summary>Ids of the containers created so far.</summary>
    public IEnumerable<string> ContainerIds =>
        _containers.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully).Select(l => l.Value.Result.ContainerId);

    public async ValueTask DisposeAsync()
    {
        var removals = _containers.Values.Select(async lazy =>
        {
            try
            {
                var container = await lazy.Value;
                await docker.RemoveContainerAsync(container.ContainerId, CancellationToken.None);
            }
            catch (Exception)
            {
                // Creation failed (nothing to remove) or the engine is gone; the janitor sweeps leftovers by label.
            }
        });
        await Task.WhenAll(removals);
        _containers.Clear();
    }
}
