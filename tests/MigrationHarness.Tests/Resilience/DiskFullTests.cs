using System.Text.RegularExpressions;
using MigrationHarness.Containers;
using MigrationHarness.Processes;
using MigrationHarness.Results;
using MigrationHarness.Tests.Cli;
using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Resilience;

/// <summary>
/// The results disk fills up during a campaign (a small tmpfs of the test's own): an infrastructure
/// failure with exit code 3 and a one-line message, no container left, and what was recorded still readable.
/// </summary>
[Collection(RealQemuCollection.Name)]
public sealed partial class DiskFullTests(RealQemuFixture fixture) : IDisposable
{
    private readonly string _mount = Directory.CreateTempSubdirectory("mh-full-").FullName;

    [Fact(Timeout = 180_000)]
    public async Task A_full_results_disk_stops_the_campaign_with_exit_3_and_leaves_no_container()
    {
        // A real run's manifest, moved onto a 1 MiB tmpfs that is then filled to within a few hundred bytes.
        string source;
        using (var first = new MhProcess("run", "--cases", "1", "--seed", "4", "--build", "qemu-7.2", "--build", "qemu-10.0", "--scenario", "forward/paused", "--no-shrink", "--confirmations", "0"))
        {
            await first.WaitAsync(TimeSpan.FromSeconds(120));
            source = Path.Combine(RealQemuFixture.RepositoryRoot, Results().Match(first.Output).Groups[1].Value);
        }
        await ShAsync($"mount -t tmpfs -o size=1m tmpfs {_mount}");
        var run = Path.Combine(_mount, "run");
        Directory.CreateDirectory(run);
        File.Copy(Path.Combine(source, "manifest.json"), Path.Combine(run, "manifest.json"));
        Directory.Delete(source, recursive: true);
        await ShAsync($"head -c $(( $(stat -f -c '%a*%S' {_mount}) - 600 )) /dev/zero > {_mount}/filler 2>/dev/null || true");

        using var mh = new MhProcess("run", "--resume", run, "--cases", "6", "--build", "qemu-7.2", "--build", "qemu-10.0", "--scenario", "forward/paused", "--no-shrink");
        var exit = await mh.WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(exit == 3, $"exit {exit}:\n{mh.Output}");
        Assert.Contains("mh: infrastructure failure (files): No space left on device", mh.Output);
        Assert.DoesNotContain("Unhandled exception", mh.Output);
        Assert.Empty(await fixture.Docker.ListContainersAsync(new Dictionary<string, string?> { [HarnessLabels.OwnerPid] = mh.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        // Whatever made it to disk reads back; a torn last line is dropped, never half-parsed.
        Assert.True(CaseLog.Read(Path.Combine(run, "cases.jsonl")).Count < 6);
    }

    private static async Task ShAsync(string command)
    {
        var result = await HostCommand.RunAsync("sh", ["-c", command], TimeSpan.FromSeconds(30));
        if (!result.Succeeded) throw new InvalidOperationException($"'{command}' failed with {result.ExitCode}: {result.StandardError}");
    }

    [GeneratedRegex(@"results: (\S+)")]
    private static partial Regex Results();

    public void Dispose()
    {
        HostCommand.RunAsync("umount", [_mount], TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        Directory.Delete(_mount, recursive: true);
    }
}
