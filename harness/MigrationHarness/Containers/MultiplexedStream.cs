using System.Buffers.Binary;
using System.Text;

namespace MigrationHarness.Containers;

/// <summary>
/// Docker's framing of a non-TTY attach stream: an 8-byte header (stream id, three zero bytes,
/// big-endian payload length) before each chunk. Stream 1 is stdout, 2 is stderr.
/// </summary>
internal static class MultiplexedStream
{
    public const int Stdout = 1;
    public const int Stderr = 2;

    /// <summary>Reads frames until the stream ends, handing each payload to <paramref name="onFrame"/>.</summary>
    public static async Task PumpAsync(Stream stream, Action<int, ReadOnlyMemory<byte>> onFrame, CancellationToken cancellationToken)
    {
        var header = new byte[8];
        var buffer = new byte[64 * 1024];
        while (true)
        {
            if (!await ReadExactlyOrEndAsync(stream, header, cancellationToken)) return;
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
            if (length > buffer.Length) buffer = new byte[length];
            if (!await ReadExactlyOrEndAsync(stream, buffer.AsMemory(0, length), cancellationToken)) return;
            onFrame(header[0], buffer.AsMemory(0, length));
        }
    }

    public static async Task<(string Stdout, string Stderr)> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        await PumpAsync(stream, (id, data) => (id == Stderr ? stderr : stdout).Write(data.Span), cancellationToken);
        return (Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    private static async Task<bool> ReadExactlyOrEndAsync(Stream stream, Memory<byte> target, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < target.Length)
        {
            var n = await stream.ReadAsync(target[read..], cancellationToken);
            if (n == 0) return false;
            read += n;
        }
        return true;
    }
}
