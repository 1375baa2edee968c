using MigrationHarness.Containers;

namespace MigrationHarness.Qemu;

/// <summary>
/// Removes harness containers and run volumes whose owning harness process is gone (killed with
/// SIGKILL, host reboot). Only containers and volumes carrying the harness label are ever touched.
/// </summary>
public static class ContainerJanitor
{
    public static async Task<int> SweepOrphansAsync(DockerEngine docker, CancellationToken cancellationToken = default)
    {
        var removed = 0;
        foreach (var container in await docker.ListContainersAsync(new Dictionary<string, string?> { [HarnessLabels.Harness] = "1" }, cancellationToken))
        {
            var sameHost = container.Labels.GetValueOrDefault(HarnessLabels.OwnerHost) == Environment.MachineName;
            var ownerAlive = int.TryParse(container.Labels.GetValueOrDefault(HarnessLabels.OwnerPid), out var pid) && ProcessAlive(pid);
            if (sameHost && ownerAlive) continue;
            if (!sameHost) continue; // another machine's engine socket could be shared; never touch what is not ours to judge
            await docker.RemoveContainerAsync(container.Id, cancellationToken);
            removed++;
        }
        // A run's volume goes once its owner is gone; its containers went first, so nothing still mounts it.
        foreach (var (name, labels) in await docker.ListVolumesAsync(new Dictionary<string, string?> { [HarnessLabels.Harness] = "1" }, cancellationToken))
        {
            if (labels.GetValueOrDefault(HarnessLabels.OwnerHost) != Environment.MachineName) continue;
            if (int.TryParse(labels.GetValueOrDefault(HarnessLabels.OwnerPid), out var pid) && ProcessAlive(pid)) continue;
            await docker.RemoveVolumeAsync(name, cancellationToken);
        }
        return removed;
    }

    private static bool ProcessAlive(int pid) => pid == Environment.ProcessId || Directory.Exists($"/proc/{pid}");
}
