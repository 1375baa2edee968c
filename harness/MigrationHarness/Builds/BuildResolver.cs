using MigrationHarness.Containers;
using MigrationHarness.Qmp;
using MigrationHarness.Model;

namespace MigrationHarness.Builds;

/// <summary>
/// Finds out what each build really is: the image id, the QEMU version from <c>query-version</c>
/// (QMP over the stdio of an exec'd QEMU) and the Debian package version. Results are cached in the
/// lock file by image id, so this costs nothing until an image changes.
/// </summary>
public sealed class BuildResolver(DockerEngine docker, string lockPath)
{
    public const string QemuPackage = "qemu-system-x86";

    /// <summary>Resolves every build; throws <see cref="BadInputException"/> naming a build whose image is missing.</summary>
    public async Task<IReadOnlyList<ReadyBuild>> ResolveAsync(IEnumerable<Build> builds, CancellationToken cancellationToken = default)
    {
        var existing = BuildLock.Load(lockPath);
        var resolved = new List<ReadyBuild>();
        foreach (var build in builds)
        {
            var image = await docker.InspectImageAsync(build.Image, cancellationToken)
                ?? throw new BadInputException($"build '{build.Name}' has no image ({build.Image}); run 'mh builds build {build.Name}' first.");
            var facts = existing.Find(build.Name, image.Id) ?? await ProbeAsync(build, image.Id, cancellationToken);
            resolved.Add(new ReadyBuild(build, facts));
        }
        var merged = existing.Builds.Where(b => resolved.All(r => r.Name != b.Name)).Concat(resolved.Select(r => r.Resolved)).OrderBy(b => b.Name).ToArray();
        new BuildLock(merged).Save(lockPath);
        return resolved;
    }

    private async Task<ResolvedBuild> ProbeAsync(Build build, string imageId, CancellationToken cancellationToken)
    {
        var spec = new ContainerSpec(build.Image, ["sleep", "infinity"], HarnessLabels.For("probe-" + Guid.NewGuid().ToString("n")[..8], build.Name))
        {
            Binds = [.. build.Binds],
        };
        var id = await docker.RunContainerAsync(spec, cancellationToken);
        try
        {
            await using var exec = await docker.StartExecAsync(id,
                [build.QemuBinary, "-machine", "none", "-display", "none", "-nodefaults", "-no-user-config", "-qmp", "stdio"], cancellationToken);
            string version;
            QmpClient client;
            try
            {
                client = await QmpClient.ConnectAsync(new StdioQmpChannel(exec), $"probe {build.Name}", cancellationToken: cancellationToken);
            }
            catch (QmpException) when (MissingExecutable(exec.StdoutText + exec.StderrText))
            {
                // The engine starts the exec, then the runtime cannot find the binary: its message arrives on the stream.
                throw new BadInputException($"build '{build.Name}': image {build.Image} has no {build.QemuBinary}.");
            }
            await using (var qmp = client)
            {
                var reply = await qmp.ExecuteAsync("query-version", cancellationToken: cancellationToken);
                var qemu = reply.GetProperty("qemu");
                version = $"{qemu.GetProperty("major").GetInt32()}.{qemu.GetProperty("minor").GetInt32()}.{qemu.GetProperty("micro").GetInt32()}";
                try { await qmp.ExecuteAsync("quit", cancellationToken: cancellationToken); } catch (QmpDisconnectedException) { }
            }
            exec.CloseStdin();
            var (exit, packageVersion, _) = await docker.ExecAsync(id, ["dpkg-query", "-W", "-f=${Version}", QemuPackage], cancellationToken);
            return new ResolvedBuild(build.Name, build.Source.Describe(), build.Image, imageId, version,
                exit.ExitCode == 0 ? QemuPackage : "", exit.ExitCode == 0 ? packageVersion.Trim() : "(not a Debian package)", DateTimeOffset.UtcNow);
        }
        finally
        {
            await docker.RemoveContainerAsync(id, CancellationToken.None);
        }
    }

    private static bool MissingExecutable(string output) =>
        output.Contains("executable file not found", StringComparison.Ordinal) || output.Contains("no such file or directory", StringComparison.OrdinalIgnoreCase);
}
