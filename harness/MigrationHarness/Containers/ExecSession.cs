using System.Text;
using System.Threading.Channels;
using Docker.DotNet;

namespace MigrationHarness.Containers;

/// <summary>
/// A process running inside a container with attached stdio. Stdout arrives as lines on
/// <see cref="StdoutLines"/> (what QMP over stdio reads) and is also kept; stderr is kept in full so
/// a verdict can quote it. Disposing closes the connection; it does not kill the process.
/// </summary>
public sealed class ExecSession : IContainerProcess
{
    private readonly DockerEngine _docker;
    private readonly MultiplexedStream _stream;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Channel<string> _stdoutLines = Channel.CreateUnbounded<string>();
    private readonly Task _pump;
    private readonly Lock _gate = new();
    private readonly List<byte> _partialLine = [];
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public string ExecId { get; }
    public IReadOnlyList<string> Command { get; }

    /// <summary>Each complete stdout line, as it arrives; completes when the process closes stdout.</summary>
    public ChannelReader<string> StdoutLines => _stdoutLines.Reader;

    /// <summary>Raised for each stderr chunk as it arrives (live progress, QEMU warnings).</summary>
    public event Action<string>? StderrReceived;

    /// <summary>Whether stdout is also kept whole in <see cref="StdoutText"/> (a long-lived helper streaming megabytes turns it off).</summary>
    private readonly bool _keepStdout;

    internal ExecSession(DockerEngine docker, string execId, MultiplexedStream stream, IReadOnlyList<string> command, bool keepStdout = true)
    {
        _docker = docker;
        _keepStdout = keepStdout;
        ExecId = execId;
        _stream = stream;
        Command = command;
        _pump = Task.Run(PumpAsync);
    }

    public string StdoutText { get { lock (_gate) return _stdout.ToString(); } }
    public string StderrText { get { lock (_gate) return _stderr.ToString(); } }

    /// <summary>Completes when both output streams have closed (the process ended or the engine went away).</summary>
    public Task Completion => _pump;

    private async Task PumpAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await _stream.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);
                if (read.EOF) break;
                OnOutput(read.Target, buffer.AsMemory(0, read.Count));
            }
        }
        catch (Exception)
        {
            // The connection was closed under us (dispose, or the engine died; the library reports some of it wrapped
            // in an AggregateException): the output ends here, and Completion says so.
        }
        finally
        {
            lock (_gate)
            {
                if (_partialLine.Count > 0) _stdoutLines.Writer.TryWrite(Encoding.UTF8.GetString(_partialLine.ToArray()));
                _partialLine.Clear();
            }
            _stdoutLines.Writer.TryComplete();
        }
    }

    private void OnOutput(MultiplexedStream.TargetStream target, ReadOnlyMemory<byte> data)
    {
        var text = Encoding.UTF8.GetString(data.Span);
        if (target == MultiplexedStream.TargetStream.StandardError)
        {
            lock (_gate) _stderr.Append(text);
            StderrReceived?.Invoke(text);
            return;
        }
        lock (_gate)
        {
            if (_keepStdout) _stdout.Append(text);
            foreach (var b in data.Span)
            {
                if (b == (byte)'\n')
                {
                    _stdoutLines.Writer.TryWrite(Encoding.UTF8.GetString(_partialLine.ToArray()).TrimEnd('\r'));
                    _partialLine.Clear();
                }
                else _partialLine.Add(b);
            }
        }
    }

    public async Task WriteStdinAsync(string text, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            try
            {
                await _stream.WriteAsync(bytes, 0, bytes.Length, cancellationToken);
            }
            catch (AggregateException ex)
            {
                // A broken connection, as the library's transport reports it: callers handle a broken pipe as an IOException.
                throw new IOException($"the exec's stdin connection broke: {ex.InnerException?.Message ?? ex.Message}", ex);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sends end-of-file on the process's stdin (a half-close; output keeps flowing).</summary>
    public void CloseStdin()
    {
        try { _stream.CloseWrite(); }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or ObjectDisposedException) { }
    }

    /// <summary>Waits for the output to end, then asks the engine how the process exited.</summary>
    public async Task<ExecExit> WaitForExitAsync(CancellationToken cancellationToken = default)
    {
        await _pump.WaitAsync(cancellationToken);
        // The engine may record the exit code a moment after the streams close.
        for (var attempt = 0; ; attempt++)
        {
            var inspect = await _docker.InspectExecAsync(ExecId, cancellationToken);
            if (!inspect.Running && inspect.ExitCode is { } code) return new ExecExit((int)code);
            if (attempt > 200)
                throw new InfrastructureException($"the Docker engine never reported an exit code for exec {ExecId[..12]}.");
            await Task.Delay(10, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stream.Dispose();
        try { await _pump; } catch (Exception) { /* already reported through Completion */ }
        _writeLock.Dispose();
    }
}
