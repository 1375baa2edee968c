using System.Globalization;
using System.Text;
using CliWrap;

namespace MigrationHarness.Tests.Infrastructure;

/// <summary>
/// A program the tests leave running while they act on it (the real mh they send SIGINT to, a
/// scratch dockerd they restart): CliWrap runs it, its stdout and stderr are collected as one text,
/// and disposing kills its whole process tree if it is still running.
/// </summary>
public sealed class BackgroundCommand : IDisposable
{
    private readonly CancellationTokenSource _kill = new();
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private readonly CommandTask<CommandResult> _running;

    public BackgroundCommand(string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null, Action<string>? onLine = null)
    {
        var command = CliWrap.Cli.Wrap(fileName).WithArguments(arguments)
            .WithEnvironmentVariables(environment ?? new Dictionary<string, string?>())
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line => Append(line, onLine)))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => Append(line, onLine)));
        if (workingDirectory is not null) command = command.WithWorkingDirectory(workingDirectory);
        _running = command.ExecuteAsync(_kill.Token);
    }

    public int Pid => _running.ProcessId;
    public bool HasExited => _running.Task.IsCompleted;
    public string Output { get { lock (_gate) return _output.ToString(); } }

    /// <summary>
    /// Waits for the program to end and returns its exit code (128+N when signal N killed it); a program
    /// still running at <paramref name="timeout"/> fails the test with what it printed.
    /// </summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        try { return (await _running.Task.WaitAsync(timeout)).ExitCode; }
        catch (TimeoutException) { throw new TimeoutException($"still running after {timeout.TotalSeconds:0} s; its output so far:\n{Output}"); }
    }

    /// <summary>Sends a signal (e.g. "INT", "TERM") to the program itself, not its children.</summary>
    public async Task SignalAsync(string signal) =>
        await CliWrap.Cli.Wrap("kill").WithArguments(["-" + signal, Pid.ToString(CultureInfo.InvariantCulture)])
            .WithValidation(CommandResultValidation.None).ExecuteAsync();

    private void Append(string line, Action<string>? onLine)
    {
        lock (_gate) _output.AppendLine(line);
        onLine?.Invoke(line);
    }

    public void Dispose()
    {
        if (!_running.Task.IsCompleted)
        {
            _kill.Cancel();
            try { _running.Task.Wait(TimeSpan.FromSeconds(10)); }
            catch (AggregateException) { /* the cancel we asked for */ }
        }
        _kill.Dispose();
    }
}
