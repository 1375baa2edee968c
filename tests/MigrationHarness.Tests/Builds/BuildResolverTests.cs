using MigrationHarness.Builds;
using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Model;

namespace MigrationHarness.Tests.Builds;

/// <summary>Resolving a build probes its real image; a build that cannot run QEMU is the catalog's fault, said in one line.</summary>
[Collection(RealQemuCollection.Name)]
public sealed class BuildResolverTests(RealQemuFixture fixture) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mh-resolver-").FullName;

    [Fact(Timeout = 60_000)]
    public async Task A_host_binary_the_container_cannot_execute_is_bad_input_naming_the_build()
    {
        // A binary built for another loader looks like this to the runtime: the file is there, its interpreter is not.
        var binary = Path.Combine(_directory, "qemu-system-x86_64");
        await File.WriteAllTextAsync(binary, "#!/nonexistent/loader\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(binary, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var build = new Build("broken", new BuildSource.HostBinary(binary, fixture.Build("qemu-7.2").Build.Image));

        var error = await Assert.ThrowsAsync<BadInputException>(() =>
            new BuildResolver(fixture.Docker, Path.Combine(_directory, "builds.lock.json")).ResolveAsync([build]));

        Assert.Equal($"build 'broken': image {build.Image} has no {Build.HostBinaryMountPoint}.", error.Message);
        Assert.Empty(await fixture.Docker.ListContainersAsync(new Dictionary<string, string?> { [MigrationHarness.Containers.HarnessLabels.Build] = "broken" }));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
