using System.Net.Sockets;
using System.Text;

using MigrationHarness.Qmp;

namespace MigrationHarness.Tests.Infrastructure;

/// <summary>QMP lines over a byte stream: a unix socket QEMU listens on, or an in-process pipe in tests.</summary>
public sealed class StreamQmpChannel : IQmpLineChannel
{
    private readonly Stream _stream;
    private readonly StreamReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public StreamQmpChannel(Stream stream)
    {
        _stream = stream;
        _reader = new StreamReader(stream, new UTF8Encoding(false), false, 64 * 1024, leaveOpen: true);
    }

    /// <summary>Connects to a QMP unix socket (e.g. one QEMU created on a volume shared with its container).</summary>
    public static async Task<StreamQmpChannel> ConnectUnixAsync(string path, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new StreamQmpChannel(new NetworkStream(socket, ownsSocket: true));
    }

    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _reader.ReadLineAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            return null;
        }
    }

    public async ValueTask WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await _stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), cancellationToken);
            await _stream.FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            throw new QmpDisconnectedException("the QMP peer closed the connection while a command was being sent.", ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
    }
}
