using System.Text;
using System.Threading.Channels;
using MigrationHarness.Containers;

namespace MigrationHarness.Qemu;

/// <summary>A process the container's <see cref="ContainerLauncher"/> started, as the harness holds it.</summary>
public sealed class LaunchedProcess : IContainerProcess
{
    private readonly ContainerLauncher _launcher;
    private readonly Channel<string> _stdoutLines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _stderr = new();
    // Stderr comes in chunks cut anywhere: a character split between two is decoded whole.
    private readonly Decoder _stderrDecoder = Encoding.UTF8.GetDecoder();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<int> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<ExecExit> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal LaunchedProcess(ContainerLauncher launcher, long id)
    {
        _launcher = launcher;
        Id = id;
        Completion = _exit.Task.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>The launcher's number for this process.</summary>
    public long Id { get; }

    /// <summary>Its process id inside the container, once started.</summary>
    internal Task<int> Started => _started.Task;

    public ChannelReader<string> StdoutLines => _stdoutLines.Reader;
    public string StderrText { get { lock (_gate) return _stderr.ToString(); } }

    /// <summary>Completes when the process has exited (every line of its output came first) or the launcher was lost.</summary>
    public Task Completion { get; }

    public async Task WriteStdinAsync(string text, CancellationToken cancellationToken = default)
    {
        if (_exit.Task.IsCompleted) throw new IOException("the process has exited: its stdin is closed");
        await _launcher.WriteAsync(Id, text, cancellationToken);
    }

    public Task<ExecExit> WaitForExitAsync(CancellationToken cancellationToken = default) => _exit.Task.WaitAsync(cancellationToken);

    /// <summary>Signals the process through the launcher; false when the launcher is gone (the caller finds it another way).</summary>
    public Task<bool> SignalAsync(string signal, CancellationToken cancellationToken = default) =>
        _exit.Task.IsCompleted ? Task.FromResult(true) : _launcher.SignalAsync(Id, signal, cancellationToken);

    internal void OnStarted(int pid) => _started.TrySetResult(pid);

    internal void OnStdout(string line) => _stdoutLines.Writer.TryWrite(line.TrimEnd('\r'));

    internal void OnStderr(byte[] bytes)
    {
        lock (_gate)
        {
            var chars = new char[_stderrDecoder.GetCharCount(bytes, flush: false)];
            _stderrDecoder.GetChars(bytes, chars, flush: false);
            _stderr.Append(chars);
        }
    }

    internal void OnExit(ExecExit exit)
    {
        _started.TrySetResult(0);
        _stdoutLines.Writer.TryComplete();
        _exit.TrySetResult(exit);
    }

    /// <summary>The launcher went away (or could not start this process): how it ended cannot be known.</summary>
    internal void OnLost(Exception reason)
    {
        _started.TrySetException(reason);
        _stdoutLines.Writer.TryComplete();
        _exit.TrySetException(reason);
    }

    // Letting go does not stop the process: its QemuInstance kills it if it must.
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
