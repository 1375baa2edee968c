using System.Collections.Immutable;
using System.Diagnostics;
using MigrationHarness.Containers;
using MigrationHarness.Qmp;

namespace MigrationHarness.Qemu;

/// <summary>
/// One QEMU process running inside a build's container, spoken to over QMP on its own stdio
/// (through the container's launcher or an attached exec, so the engine may be on another machine).
/// Disposing kills it if it still runs.
/// </summary>
public sealed class QemuInstance : IAsyncDisposable
{
    private readonly IContainerProcess _process;
    private ExecExit? _exit;

    public BuildContainer Container { get; }
    public string Role { get; }
    public ImmutableArray<string> Argv { get; }
    public QmpClient Qmp { get; }
    /// <summary>The case's directory in the run's volume, as the container sees it.</summary>
    public string Directory { get; }
    public TimeSpan StartDuration { get; }

    private QemuInstance(BuildContainer container, string role, ImmutableArray<string> argv, IContainerProcess process, QmpClient qmp,
        string directory, TimeSpan startDuration)
    {
        Container = container;
        Role = role;
        Argv = argv;
        _process = process;
        Qmp = qmp;
        Directory = directory;
        StartDuration = startDuration;
    }

    public string Stderr => _process.StderrText;
    public string BuildName => Container.Build.Name;
    public bool HasExited => _process.Completion.IsCompleted;

    /// <summary>
    /// Starts QEMU with <paramref name="vmArgs"/> plus the harness's plumbing (QMP on stdio, pid
    /// file, <c>-S</c>, <c>-incoming defer</c>), and completes the QMP handshake.
    /// </summary>
    /// <param name="slot">The case's directory in the run's volume (see <see cref="ContainerPool.CreateSlotAsync"/>).</param>
    public static async Task<QemuInstance> StartAsync(BuildContainer container, string role, IReadOnlyList<string> vmArgs,
        string slot, QemuStartOptions options, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var argv = ImmutableArray.CreateBuilder<string>();
        argv.Add(container.Build.QemuBinary);
        argv.AddRange(vmArgs);
        argv.Add("-qmp"); argv.Add("stdio");
        argv.Add("-pidfile"); argv.Add($"{slot}/{role}.pid");
        if (options.Paused) argv.Add("-S");
        if (options.Incoming) { argv.Add("-incoming"); argv.Add("defer"); }
        var command = argv.ToImmutable();

        var process = await container.StartProcessAsync(command, cancellationToken);
        try
        {
            var qmp = await HandshakeAsync(process);
            return new QemuInstance(container, role, command, process, qmp, slot, stopwatch.Elapsed);
        }
        catch (QemuStartException ex)
        {
            // A QEMU that never answered QMP may still run: it must not outlive the attempt.
            if (ex.Exit is null) await KillAsync(container, process, $"{slot}/{role}.pid", "KILL");
            await process.DisposeAsync();
            throw;
        }
        catch
        {
            await KillAsync(container, process, $"{slot}/{role}.pid", "KILL");
            await process.DisposeAsync();
            throw;
        }

        async Task<QmpClient> HandshakeAsync(IContainerProcess session)
        {
            try
            {
                return await QmpClient.ConnectAsync(new StdioQmpChannel(session), $"{role} {container.Build.Name}", options.StartTimeout, cancellationToken);
            }
            catch (Exception ex) when (ex is QmpDisconnectedException or QmpTimeoutException)
            {
                // QEMU greets on stdio before it builds the machine, and answers the handshake only once it runs:
                // a start error ends its stdout in between. Its exit status and stderr say why.
                await Task.WhenAny(session.Completion, Task.Delay(ex is QmpTimeoutException ? 0 : 5000, cancellationToken));
                if (!session.Completion.IsCompleted)
                    throw new QemuStartException(container.Build.Name, role, null,
                        session.StderrText + $"\n(no QMP answer after {options.StartTimeout.TotalSeconds:0} s)", command);
                var exit = await session.WaitForExitAsync(cancellationToken);
                throw new QemuStartException(container.Build.Name, role, exit, session.StderrText, command);
            }
        }
    }

    /// <summary>Waits for the process to end; null if it is still running after <paramref name="timeout"/>.</summary>
    public async Task<ExecExit?> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (_exit is not null) return _exit;
        try
        {
            await _process.Completion.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
        return _exit = await _process.WaitForExitAsync(cancellationToken);
    }

    /// <summary>Sends a signal to QEMU inside its container (fault injection, and the last resort of clean-up).</summary>
    public Task SignalAsync(string signal, CancellationToken cancellationToken = default) =>
        KillAsync(Container, _process, $"{Directory}/{Role}.pid", signal, cancellationToken);

    /// <summary>Signals through the launcher that started the process; by its pid file when an exec started it or the launcher is gone.</summary>
    private static async Task KillAsync(BuildContainer container, IContainerProcess process, string pidFile, string signal, CancellationToken cancellationToken = default)
    {
        if (process is LaunchedProcess launched && await launched.SignalAsync(signal, cancellationToken)) return;
        await KillByPidFileAsync(container, pidFile, signal, cancellationToken);
    }

    private static async Task KillByPidFileAsync(BuildContainer container, string pidFile, string signal, CancellationToken cancellationToken = default)
    {
        // A minimal image has no /bin/kill; the shell's builtin does it. The signal name and pid file
        // path are the harness's own and go in as positional parameters, never spliced into the script.
        // A pid file that is gone (its directory removed under QEMU) leaves the process findable by its
        // command line, which names the pid file: this shell is skipped, and the match runs in the shell,
        // so no helper process carries the path in its own command line.
        const string script =
            """
            pid=$(cat "$2" 2>/dev/null)
            if [ -z "$pid" ]; then
              for p in /proc/[0-9]*; do
                [ "${p#/proc/}" = "$$" ] && continue
                cmd=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null) || continue
                case "$cmd" in qemu-system*"-pidfile $2 "*) pid=${p#/proc/}; break ;; esac
              done
            fi
            [ -n "$pid" ] && kill -s "$1" "$pid" 2>/dev/null
            exit 0
            """;
        (ExecExit Exit, string Stdout, string Stderr) result;
        try
        {
            result = await container.Docker.ExecAsync(container.ContainerId, ["sh", "-c", script, "mh-kill", signal, pidFile], cancellationToken);
        }
        catch (DockerNotFoundException)
        {
            return; // The container is already gone: so is the process.
        }
        if (result.Exit.ExitCode != 0)
            throw new InfrastructureException($"cannot signal QEMU in container {container.ShortId}: {result.Exit}: {result.Stderr.Trim()}");
    }

    /// <summary>True once the harness had to kill this QEMU because <c>quit</c> did not end it in time: its signal is the harness's, not a crash.</summary>
    public bool KilledByHarness { get; private set; }

    /// <summary>Asks QEMU to quit over QMP and waits for it; kills it (and records that in <see cref="KilledByHarness"/>) if it does not go.</summary>
    public async Task<ExecExit?> QuitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (!HasExited && Qmp.IsConnected)
        {
            try { await Qmp.ExecuteAsync("quit", timeout: timeout, cancellationToken: cancellationToken); }
            catch (QmpException) { /* it may close the socket before replying */ }
        }
        var exit = await WaitForExitAsync(timeout, cancellationToken);
        if (exit is not null) return exit;
        KilledByHarness = true;
        await SignalAsync("KILL", cancellationToken);
        return await WaitForExitAsync(TimeSpan.FromSeconds(5), cancellationToken);
    }

    /// <summary>Kills a QEMU that stopped answering (recorded in <see cref="KilledByHarness"/>) and returns how it ended.</summary>
    public async Task<ExecExit?> KillAsync()
    {
        KilledByHarness = true;
        await SignalAsync("KILL", CancellationToken.None);
        return await WaitForExitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (!HasExited) await SignalAsync("KILL", CancellationToken.None);
        await Qmp.DisposeAsync();
        await _process.DisposeAsync();
    }
}
