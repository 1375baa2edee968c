namespace MigrationHarness.Qmp;

/// <summary>
/// The transport under a QMP client: one JSON document per line, both ways. Implemented over a unix
/// socket (the tests' own stream channel) and over the stdio of a QEMU in a container (<see cref="StdioQmpChannel"/>).
/// </summary>
public interface IQmpLineChannel : IAsyncDisposable
{
    /// <summary>The next line, or null when the peer closed the connection.</summary>
    ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken);

    ValueTask WriteLineAsync(string line, CancellationToken cancellationToken);
}
