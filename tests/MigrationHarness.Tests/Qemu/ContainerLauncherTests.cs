using MigrationHarness.Qemu;
using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Qemu;

/// <summary>The launcher that starts QEMUs in a build container without an exec each, in a real container.</summary>
[Collection(RealQemuCollection.Name)]
public sealed class ContainerLauncherTests(RealQemuFixture fixture)
{
    [Fact(Timeout = 30_000)]
    public async Task A_launched_process_gives_its_lines_its_stderr_and_its_exit_as_an_exec_would()
    {
        var container = await fixture.Pool.GetAsync(fixture.Build("qemu-10.0").Build);

        var process = await container.Launcher.StartAsync(["sh", "-c", "read line; echo \"got $line\"; printf '[%s]\\n' \"$1\"; printf 'caf\\303\\251\\n' >&2; printf partial; exit 3", "sh", ""]);
        Assert.NotNull(process);
        await process.WriteStdinAsync("hello world\n");
        var exit = await process.WaitForExitAsync();
        var lines = new List<string>();
        await foreach (var line in process.StdoutLines.ReadAllAsync()) lines.Add(line);

        Assert.Equal(["got hello world", "[]", "partial"], lines);
        Assert.Equal("café\n", process.StderrText);
        Assert.Equal(3, exit.ExitCode);
        Assert.Null(exit.Signal);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_process_killed_by_a_signal_exits_as_the_engine_reports_an_exec_killed_so()
    {
        var container = await fixture.Pool.GetAsync(fixture.Build("qemu-7.2").Build);

        var aborted = await container.Launcher.StartAsync(["sh", "-c", "kill -ABRT $$"]);
        var killed = (LaunchedProcess)(await container.Launcher.StartAsync(["sleep", "1000"]))!;
        Assert.True(await killed.SignalAsync("KILL"));

        Assert.Equal(134, (await aborted!.WaitForExitAsync()).ExitCode);
        Assert.Equal(9, (await killed.WaitForExitAsync()).Signal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Closing_the_launcher_kills_every_process_it_started()
    {
        var container = await fixture.Pool.GetAsync(fixture.Build("qemu-5.2").Build);
        var launcher = new ContainerLauncher(fixture.Docker, container.ContainerId, container.ShortId);
        var sleeper = (LaunchedProcess)(await launcher.StartAsync(["sleep", "1000"]))!;
        var pid = await sleeper.Started;
        var before = await fixture.Docker.ExecAsync(container.ContainerId, ["sh", "-c", $"test -d /proc/{pid}"]);

        await launcher.DisposeAsync();
        var gone = false;
        for (var i = 0; i < 50 && !gone; i++)
        {
            // Killed and orphaned, it may stay a zombie (the container's init does not reap): that no longer runs.
            gone = (await fixture.Docker.ExecAsync(container.ContainerId, ["sh", "-c", $"test -d /proc/{pid} && ! grep -q '^State:.*Z' /proc/{pid}/status"])).Exit.ExitCode != 0;
            if (!gone) await Task.Delay(100);
        }

        Assert.Equal(0, before.Exit.ExitCode);
        Assert.True(gone, $"process {pid} outlived its launcher");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_process_that_exited_leaves_the_launcher_no_descriptor()
    {
        var container = await fixture.Pool.GetAsync(fixture.Build("qemu-10.0").Build);
        await using var launcher = new ContainerLauncher(fixture.Docker, container.ContainerId, container.ShortId);
        await (await launcher.StartAsync(["true"]))!.WaitForExitAsync();
        async Task<int> DescriptorsAsync() =>
            int.Parse((await fixture.Docker.ExecAsync(container.ContainerId, ["sh", "-c", $"ls /proc/{launcher.Pid}/fd | wc -l"])).Stdout.Trim());
        var before = await DescriptorsAsync();

        // A long run starts thousands of QEMUs in one container: each one gone must take its pipes with it.
        var processes = new List<MigrationHarness.Containers.IContainerProcess>();
        for (var i = 0; i < 20; i++) processes.Add((await launcher.StartAsync(["true"]))!);
        foreach (var process in processes) await process.WaitForExitAsync();

        Assert.Equal(before, await DescriptorsAsync());
    }

    [Fact(Timeout = 30_000)]
    public async Task A_container_without_perl_gets_an_exec_per_process()
    {
        var container = await fixture.Pool.GetAsync(fixture.Build("qemu-11.1").Build);
        // A name no image has stands for an image without Perl.
        await using var launcher = new ContainerLauncher(fixture.Docker, container.ContainerId, container.ShortId, interpreter: "no-such-perl");

        var process = await launcher.StartAsync(["true"]);

        Assert.Null(process);
        Assert.False(launcher.IsRunning);
    }
}
