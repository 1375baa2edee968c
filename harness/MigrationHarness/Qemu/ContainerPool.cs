using System.Collections.Concurrent;
using MigrationHarness.Builds;
using MigrationHarness.Containers;
using MigrationHarness.Model;

namespace MigrationHarness.Qemu;

/// <summary>
/// The containers of one run on one engine: one per build, created on first use, all labelled with
/// the run and sharing the run's volume there, which holds <paramref name="firmware"/>; all removed with the volume on dispose (and by
/// <see cref="ContainerJanitor"/> if the process dies first).
/// </summary>
public sealed class ContainerPool(DockerEngine docker, RunWorkspace workspace, HostFacts host, WorkspaceFile firmware) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<BuildContainer>>> _containers = new();
    private readonly SemaphoreSlim _volumeGate = new(1, 1);
    private bool _volumeCreated, _volumeReady;

    public DockerEngine Docker => docker;
    public RunWorkspace Workspace => workspace;
    public HostFacts Host => host;

    public Task<BuildContainer> GetAsync(Build build, CancellationToken cancellationToken = default) =>
        _containers.GetOrAdd(build.Name, _ => new Lazy<Task<BuildContainer>>(() => CreateAsync(build, cancellationToken))).Value;

    private async Task<BuildContainer> CreateAsync(Build build, CancellationToken cancellationToken)
    {
        await _volumeGate.WaitAsync(cancellationToken);
        try
        {
            if (!_volumeCreated)
            {
                await docker.CreateVolumeAsync(workspace.VolumeName, HarnessLabels.For(workspace.RunId, "volume"), cancellationToken);
                _volumeCreated = true;
            }
            var container = await StartContainerAsync(build, cancellationToken);
            if (!_volumeReady)
            {
                // The guest firmware every case boots: written once into the fresh volume, through the engine.
                try
                {
                    await docker.WriteFileAsync(container.ContainerId, RunWorkspace.ContainerRoot, firmware.Name, firmware.Bytes, cancellationToken);
                }
                catch
                {
                    // The pool never learns of this container (its creation failed): it must not outlive the attempt.
                    await docker.RemoveContainerAsync(container.ContainerId, CancellationToken.None);
                    throw;
                }
                _volumeReady = true;
            }
            return container;
        }
        finally
        {
            _volumeGate.Release();
        }
    }

    private async Task<BuildContainer> StartContainerAsync(Build build, CancellationToken cancellationToken)
    {
        var spec = new ContainerSpec(build.Image, ["sleep", "infinity"], HarnessLabels.For(workspace.RunId, build.Name))
        {
            Binds = [workspace.Bind, .. build.Binds],
            PassKvm = host.KvmUsable,
            // Every QEMU of the run's cases on this build shares the container: the limit is the host's, less a margin
            // (the generator keeps each guest to a fifth of the host), not a smaller one that would kill a QEMU the host can hold.
            MemoryBytes = host.MemoryMiB > 0 ? Math.Max(2L << 30, host.MemoryMiB * 1024 * 1024 * 9 / 10) : 8L << 30,
        };
        var id = await docker.RunContainerAsync(spec, cancellationToken);
        return new BuildContainer(build, id, docker, workspace);
    }

    /// <summary>
    /// Why the containers cannot be trusted right now, or null when they can: the engine must answer
    /// and every container of <paramref name="builds"/> must still be running and never have hit its memory limit. A QEMU that dies with its container
    /// (an engine restart stops every container) died of the infrastructure, not of a QEMU bug.
    /// A container found dead is dropped, so the next case gets a fresh one. Only the builds' own
    /// containers are looked at: a case's verdict is in doubt only when a container it ran in is, and
    /// this runs after every failing case.
    /// </summary>
    public async Task<string?> InfrastructureProblemAsync(IEnumerable<Build> builds, CancellationToken cancellationToken = default)
    {
        foreach (var name in builds.Select(b => b.Name).Distinct())
        {
            if (!_containers.TryGetValue(name, out var lazy)) continue;
            if (!lazy.IsValueCreated || !lazy.Value.IsCompletedSuccessfully) continue;
            var container = lazy.Value.Result;
            string? problem;
            try
            {
                var state = (await docker.InspectContainerAsync(container.ContainerId, cancellationToken)).State;
                problem = state?.Running == true
                    ? await OutOfMemoryAsync(name, container, state, cancellationToken)
                    : $"the {name} container {container.ShortId} is no longer running (status '{state?.Status}', exit {state?.ExitCode}): stopped outside the case, e.g. by an engine restart";
            }
            catch (DockerNotFoundException)
            {
                problem = $"the {name} container {container.ShortId} has disappeared from the engine";
            }
            catch (Exception ex) when (ex is InfrastructureException or HttpRequestException or IOException)
            {
                return $"the Docker engine does not answer: {ex.Message}";
            }
            if (problem is null) continue;
            if (_containers.TryRemove(new KeyValuePair<string, Lazy<Task<BuildContainer>>>(name, lazy)))
            {
                try { await docker.RemoveContainerAsync(container.ContainerId, CancellationToken.None); }
                catch (Exception ex) when (ex is InfrastructureException or HttpRequestException or IOException) { /* the janitor sweeps it by label */ }
            }
            return problem;
        }
        return null;
    }

    /// <summary>
    /// A fresh directory in the run's volume for one case or probe (its sockets, pid files and
    /// dumps), made through <paramref name="build"/>'s container; returns its path in the containers.
    /// </summary>
    public async Task<string> CreateSlotAsync(string prefix, Build build, CancellationToken cancellationToken = default)
    {
        var container = await GetAsync(build, cancellationToken);
        var path = workspace.NextSlotPath(prefix);
        await container.Shell.MakeDirectoryAsync(path, cancellationToken);
        return path;
    }

    /// <summary>
    /// Removes a slot's directory: sockets, pid files and file-backed RAM of a finished case are not
    /// evidence. Best effort: what stays goes with the volume at the end of the run.
    /// </summary>
    public async Task DeleteSlotAsync(string path)
    {
        var container = _containers.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully).Select(l => l.Value.Result).FirstOrDefault();
        if (container is null) return;
        try { await container.Shell.DeleteAsync(path, CancellationToken.None); }
        catch (Exception ex) when (ex is InfrastructureException or HttpRequestException or IOException) { }
    }

    /// <summary>How long removal waits for an engine that does not answer (an engine restart takes seconds).</summary>
    private static readonly TimeSpan EngineComeback = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Why a running container is not to be trusted because the kernel killed something in it for
    /// memory, or null. The engine sets State.OOMKilled only when the container itself ends, so the
    /// container's own cgroup counter (memory.events, cgroup v2; memory.oom_control, v1) is read too:
    /// a QEMU the OOM killer took died of the harness's limits, not of a QEMU bug.
    /// </summary>
    private async Task<string?> OutOfMemoryAsync(string name, BuildContainer container, Docker.DotNet.Models.State state, CancellationToken cancellationToken)
    {
        if (state.OOMKilled) return $"the {name} container {container.ShortId} ran out of memory (the engine reports OOMKilled)";
        // Read through the container's shell, not an exec of its own: this runs after every failing case, and an exec
        // costs the engine a tenth of a second of CPU per container.
        var words = await container.Shell.ReadWordsAsync("/sys/fs/cgroup/memory.events", cancellationToken);
        if (words.Count == 0) words = await container.Shell.ReadWordsAsync("/sys/fs/cgroup/memory/memory.oom_control", cancellationToken);
        var kills = OomKills(words);
        return kills > 0
            ? $"the kernel's OOM killer killed {kills} process(es) in the {name} container {container.ShortId} (its memory limit is the harness's): a QEMU it killed died of the infrastructure, not of a QEMU bug"
            : null;
    }

    /// <summary>The <c>oom_kill</c> counter among a memory cgroup file's words (cgroup v2 memory.events, v1 memory.oom_control); 0 when absent.</summary>
    internal static long OomKills(IReadOnlyList<string> words)
    {
        for (var i = 0; i + 1 < words.Count; i++)
            if (words[i] == "oom_kill" && long.TryParse(words[i + 1], out var kills)) return kills;
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        var deadline = DateTime.UtcNow + EngineComeback;
        var removals = _containers.Values.Select(async lazy =>
        {
            BuildContainer container;
            try { container = await lazy.Value; }
            catch (Exception) { return; /* creation failed: nothing to remove */ }
            await container.Shell.DisposeAsync();
            await container.Launcher.DisposeAsync();
            while (true)
            {
                try
                {
                    await docker.RemoveContainerAsync(container.ContainerId, CancellationToken.None);
                    return;
                }
                catch (Exception ex) when (ex is InfrastructureException or HttpRequestException or IOException && DateTime.UtcNow < deadline)
                {
                    // The engine is restarting or gone: wait for it a little, so its containers do not outlive the run.
                    await Task.Delay(500);
                }
                catch (Exception)
                {
                    return; // The janitor of the next run sweeps leftovers by label.
                }
            }
        });
        await Task.WhenAll(removals);
        if (_volumeCreated)
        {
            try { await docker.RemoveVolumeAsync(workspace.VolumeName, CancellationToken.None); }
            catch (Exception ex) when (ex is InfrastructureException or HttpRequestException or IOException) { /* the janitor sweeps it by label */ }
        }
        _containers.Clear();
    }
}
