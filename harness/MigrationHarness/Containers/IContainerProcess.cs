using System.Threading.Channels;

namespace MigrationHarness.Containers;

/// <summary>
/// A process inside a container whose stdio the harness holds: started by an exec of its own
/// (<see cref="ExecSession"/>) or by a launcher already running in the container. Stdout comes as
/// lines, stderr is kept whole so a verdict can quote it, and the exit is reported as the engine
/// reports an exec's (128+N for signal N). Disposing lets go of the process; it does not kill it.
/// </summary>
public interface IContainerProcess : IAsyncDisposable
{
    /// <summary>Each complete stdout line, as it arrives; completes when the process closes stdout.</summary>
    ChannelReader<string> StdoutLines { get; }

    /// <summary>Everything the process wrote to stderr so far.</summary>
    string StderrText { get; }

    /// <summary>Completes when the process's output has ended (it exited, or the way to it is gone).</summary>
    Task Completion { get; }

    Task WriteStdinAsync(string text, CancellationToken cancellationToken = default);

    /// <summary>Waits for the output to end, then says how the process exited.</summary>
    Task<ExecExit> WaitForExitAsync(CancellationToken cancellationToken = default);
}
