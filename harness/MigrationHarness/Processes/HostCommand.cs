using System.Text;
using CliWrap;

namespace MigrationHarness.Processes;

/// <summary>
/// Host processes (mmdebstrap, and in the tests sh, kill and chromium) through CliWrap, with the two
/// things the harness adds: a time limit told apart from the caller's cancel (a timeout is an
/// infrastructure error with its own message; a cancel is the user's Ctrl-C), and a program that
/// cannot be started reported as an infrastructure error naming it. CliWrap kills the whole process
/// tree on either, so a cancelled image build never leaves an orphaned mmdebstrap behind.
/// </summary>
public static class HostCommand
{
    /// <summary>Runs to completion, capturing both streams as text; a non-zero exit is a result, not an error.</summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName, IReadOnlyList<string> arguments, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var command = Cli.Wrap(fileName).WithArguments(arguments)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr));
        var (exitCode, duration) = await ExecuteAsync(command, timeout, cancellationToken);
        return new ProcessResult(exitCode, stdout.ToString(), stderr.ToString(), duration);
    }

    /// <summary>
    /// Runs a process whose standard output is consumed as a raw byte stream (e.g. a tarball piped
    /// straight into the Docker engine); standard error is reported line by line and kept.
    /// </summary>
    public static async Task<ProcessResult> RunStreamingAsync(
        string fileName, IReadOnlyList<string> arguments, Func<Stream, CancellationToken, Task> consumeStdout,
        Action<string>? onStderrLine = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var stderr = new StringBuilder();
        var command = Cli.Wrap(fileName).WithArguments(arguments)
            .WithStandardOutputPipe(PipeTarget.Create(consumeStdout))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => { stderr.AppendLine(line); onStderrLine?.Invoke(line); }));
        var (exitCode, duration) = await ExecuteAsync(command, timeout, cancellationToken);
        return new ProcessResult(exitCode, "", stderr.ToString(), duration);
    }

    private static async Task<(int ExitCode, TimeSpan Duration)> ExecuteAsync(Command command, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var timeoutCts = new CancellationTokenSource(timeout ?? Timeout.InfiniteTimeSpan);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        try
        {
            var result = await command.WithValidation(CommandResultValidation.None).ExecuteAsync(linked.Token);
            return (result.ExitCode, result.RunTime);
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ProcessTimeoutException(command.TargetFilePath, timeout!.Value);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InfrastructureException($"cannot start '{command.TargetFilePath}': {ex.Message}; is it installed and on PATH?", ex);
        }
    }
}
