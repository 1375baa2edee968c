using System.Diagnostics;
using System.Text;

namespace MigrationHarness.Processes;

/// <summary>
/// Runs host processes asynchronously. Cancellation or a timeout kills the whole process tree, so a
/// cancelled image build never leaves an orphaned mmdebstrap behind.
/// </summary>
public static class ProcessRunner
{
    /// <summary>Runs to completion, capturing both streams as text.</summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName, IReadOnlyList<string> arguments, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var (exitCode, duration) = await RunCoreAsync(fileName, arguments, timeout,
            onStdout: async (s, ct) =>
            {
                using var reader = new StreamReader(s);
                stdout.Append(await reader.ReadToEndAsync(ct));
            },
            onStderrLine: line => stderr.AppendLine(line), cancellationToken);
        return new ProcessResult(exitCode, stdout.ToString(), stderr.ToString(), duration);
    }

    /// <summary>
    /// Runs a process whose standard output is consumed as a raw byte stream (e.g. a tarball piped
    /// straight into the Docker engine); standard error is reported line by line.
    /// </summary>
    public static async Task<ProcessResult> RunStreamingAsync(
        string fileName, IReadOnlyList<string> arguments, Func<Stream, CancellationToken, Task> consumeStdout,
        Action<string>? onStderrLine = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var stderr = new StringBuilder();
        var (exitCode, duration) = await RunCoreAsync(fileName, arguments, timeout, consumeStdout,
            line => { stderr.AppendLine(line); onStderrLine?.Invoke(line); }, cancellationToken);
        return new ProcessResult(exitCode, "", stderr.ToString(), duration);
    }

    private static async Task<(int ExitCode, TimeSpan Duration)> RunCoreAsync(
        string fileName, IReadOnlyList<string> arguments, TimeSpan? timeout,
        Func<Stream, CancellationToken, Task> onStdout, Action<string> onStderrLine,
        CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);

        using var timeoutCts = new CancellationTokenSource(timeout ?? Timeout.InfiniteTimeSpan);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InfrastructureException($"cannot start '{fileName}': {ex.Message}; is it installed and on PATH?", ex);
        }
        process.StandardInput.Close();

        var stdoutTask = onStdout(process.StandardOutput.BaseStream, linked.Token);
        var stderrTask = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync(linked.Token) is { } line) onStderrLine(line);
        }, CancellationToken.None);
        try
        {
            await Task.WhenAll(stdoutTask, stderrTask, process.WaitForExitAsync(linked.Token));
        }
        catch (OperationCanceledException ex)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            if (ex.CancellationToken == timeoutCts.Token || timeoutCts.IsCancellationRequested)
                throw new ProcessTimeoutException(fileName, timeout!.Value);
            throw;
        }
        catch
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw;
        }
        return (process.ExitCode, stopwatch.Elapsed);
    }
}
