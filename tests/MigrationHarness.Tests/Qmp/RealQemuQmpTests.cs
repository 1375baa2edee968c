using MigrationHarness.Configs;
using MigrationHarness.Qemu;
using MigrationHarness.Qmp;
using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Qmp;

/// <summary>The QMP client's happy path against real QEMU, over both transports.</summary>
[Collection(RealQemuCollection.Name)]
public sealed class RealQemuQmpTests(RealQemuFixture fixture)
{
    [Theory(Timeout = 30_000)]
    [InlineData("qemu-5.2")]
    [InlineData("qemu-11.1")]
    public async Task I_can_talk_to_real_qemu_over_qmp_through_the_engine(string buildName)
    {
        var build = fixture.Build(buildName);
        var container = await fixture.Pool.GetAsync(build.Build);
        var args = QemuCommandLine.Render(VmConfig.Minimal($"pc-q35-{build.Version.Major}.{build.Version.Minor}", fixture.Host.Accelerator));

        await using var qemu = await QemuInstance.StartAsync(container, "source", args, await fixture.Pool.CreateSlotAsync("qmp", build.Build), new QemuStartOptions());
        var status = await qemu.Qmp.ExecuteAsync("query-status");
        await qemu.Qmp.ExecuteAsync("cont");
        var resume = await qemu.Qmp.WaitForEventAsync(e => e.Name == "RESUME", TimeSpan.FromSeconds(5), "RESUME");
        var error = await Assert.ThrowsAsync<QmpCommandException>(() => qemu.Qmp.ExecuteAsync("no-such-command"));
        var exit = await qemu.QuitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(build.Resolved.QemuVersion, qemu.Qmp.Greeting.Version);
        Assert.Equal("prelaunch", status.GetProperty("status").GetString());
        Assert.Equal("RESUME", resume.Name);
        Assert.Equal("CommandNotFound", error.ErrorClass);
        Assert.Equal(0, exit!.ExitCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task I_can_talk_to_real_qemu_over_the_stdio_of_an_exec()
    {
        var build = fixture.Build("qemu-10.0");
        var container = await fixture.Pool.GetAsync(build.Build);

        await using var exec = await fixture.Docker.StartExecAsync(container.ContainerId,
            ["qemu-system-x86_64", "-machine", "none", "-display", "none", "-nodefaults", "-qmp", "stdio"]);
        await using var qmp = await QmpClient.ConnectAsync(new StdioQmpChannel(exec), "stdio");
        var version = await qmp.ExecuteAsync("query-version");
        try { await qmp.ExecuteAsync("quit"); } catch (QmpDisconnectedException) { }
        var exit = await exec.WaitForExitAsync();

        Assert.Equal(build.Version.Major, version.GetProperty("qemu").GetProperty("major").GetInt32());
        Assert.Equal(0, exit.ExitCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_config_qemu_refuses_reports_its_exit_code_and_stderr()
    {
        var build = fixture.Build("qemu-7.2");
        var container = await fixture.Pool.GetAsync(build.Build);
        var args = QemuCommandLine.Render(VmConfig.Minimal("pc-q35-99.9", fixture.Host.Accelerator));

        var slot = await fixture.Pool.CreateSlotAsync("refuse", build.Build);
        var error = await Assert.ThrowsAsync<QemuStartException>(() => QemuInstance.StartAsync(container, "source", args, slot, new QemuStartOptions()));

        Assert.Equal(1, error.Exit!.ExitCode);
        Assert.Contains("unsupported machine type", error.Stderr);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_qemu_killed_by_a_signal_is_reported_as_killed()
    {
        var build = fixture.Build("qemu-11.1");
        var container = await fixture.Pool.GetAsync(build.Build);
        var args = QemuCommandLine.Render(VmConfig.Minimal("pc-q35-11.1", fixture.Host.Accelerator));
        await using var qemu = await QemuInstance.StartAsync(container, "source", args, await fixture.Pool.CreateSlotAsync("kill", build.Build), new QemuStartOptions());

        await qemu.SignalAsync("KILL");
        var exit = await qemu.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var call = await Assert.ThrowsAsync<QmpDisconnectedException>(() => qemu.Qmp.ExecuteAsync("query-status"));

        Assert.Equal(9, exit!.Signal);
        Assert.NotNull(call);
    }
}
