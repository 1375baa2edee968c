using MigrationHarness.Containers;

namespace MigrationHarness.Qmp;

/// <summary>QMP over the stdio of a QEMU started with <c>-qmp stdio</c> in a container (an attached exec, or the container's launcher).</summary>
public sealed class StdioQmpChannel(IContainerProcess session) : IQmpLineChannel
{
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (await session.StdoutLines.WaitToReadAsync(cancellationToken))
            if (session.StdoutLines.TryRead(out var line)) return line;
        return null;
    }

    public async ValueTask WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        try
        {
            await session.WriteStdinAsync(line + "\n", cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            throw new QmpDisconnectedException("QEMU's stdin closed while a command was being sent.", ex);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
