using MigrationHarness.Builds;
using MigrationHarness.Qemu;

namespace MigrationHarness.Findings.Vmstate;

/// <summary>
/// Asks a build for its vmstate descriptions under a machine type (<c>-dump-vmstate</c>, TCG, no
/// devices), in the build's container. The answer depends only on the image and the machine type,
/// so it is asked once per process: a run explaining many reproducers of one pair dumps each side once.
/// </summary>
public static class VmstateDumper
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string ImageId, string Machine), VmstateDump> Cache = new();

    public static async Task<VmstateDump> DumpAsync(ContainerPool pool, ReadyBuild build, string machineType, CancellationToken cancellationToken = default)
    {
        var key = (build.Resolved.ImageId, machineType);
        if (Cache.TryGetValue(key, out var cached)) return cached;
        var dump = await AskAsync(pool, build, machineType, cancellationToken);
        Cache[key] = dump;
        return dump;
    }

    private static async Task<VmstateDump> AskAsync(ContainerPool pool, ReadyBuild build, string machineType, CancellationToken cancellationToken)
    {
        var slot = await pool.CreateSlotAsync("vmstate", build.Build, cancellationToken);
        try
        {
            var container = await pool.GetAsync(build.Build, cancellationToken);
            var file = $"{slot}/vmstate.json";
            var (exit, _, stderr) = await pool.Docker.ExecAsync(container.ContainerId,
                [build.Build.QemuBinary, "-machine", $"{machineType},accel=tcg", "-nodefaults", "-display", "none", "-dump-vmstate", file], cancellationToken);
            byte[] json;
            try
            {
                json = await pool.Docker.ReadFileAsync(container.ContainerId, file, cancellationToken);
            }
            catch (Containers.DockerNotFoundException)
            {
                throw new BadInputException($"{build.Name} could not dump its vmstate for {machineType} ({exit}): {stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "no output"}");
            }
            return VmstateDump.Parse(System.Text.Encoding.UTF8.GetString(json));
        }
        finally
        {
            await pool.DeleteSlotAsync(slot);
        }
    }
}
