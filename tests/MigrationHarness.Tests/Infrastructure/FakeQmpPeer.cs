using System.Net.Sockets;
using System.Text;
using MigrationHarness.Qmp;

namespace MigrationHarness.Tests.Infrastructure;

/// <summary>
/// A FAKE QMP server on a unix socket, scripted by the test. It exists only for what real QEMU will
/// not do on demand: close mid-request, never answer, interleave an event before a reply.
/// </summary>
public sealed class FakeQmpPeer : IAsyncDisposable
{
    public const string Greeting = """{"QMP": {"version": {"qemu": {"micro": 3, "minor": 1, "major": 11}, "package": "fake"}, "capabilities": ["oob"]}}""";

    private readonly string _path;
    private readonly Socket _listener;
    private Socket? _connection;
    private StreamReader? _reader;
    private NetworkStream? _stream;

    public FakeQmpPeer()
    {
        _path = Path.Combine(Path.GetTempPath(), $"fake-qmp-{Guid.NewGuid():n}.sock");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(_path));
        _listener.Listen(1);
    }

    /// <summary>Connects a real <see cref="QmpClient"/> to this peer; the peer sends its greeting and accepts capabilities.</summary>
    public async Task<QmpClient> ConnectClientAsync(CancellationToken cancellationToken = default)
    {
        var channel = await OpenChannelAsync(cancellationToken);
        await SendAsync(Greeting);
        var connecting = QmpClient.ConnectAsync(channel, "fake", TimeSpan.FromSeconds(5), cancellationToken);
        var capabilities = await ReceiveAsync();
        Assert.Contains("qmp_capabilities", capabilities);
        await ReplyAsync(capabilities, "{}");
        return await connecting;
    }

    /// <summary>Connects a client-side channel to this peer without any QMP exchange yet.</summary>
    public async Task<StreamQmpChannel> OpenChannelAsync(CancellationToken cancellationToken = default)
    {
        var accept = _listener.AcceptAsync(cancellationToken).AsTask();
        var channel = await StreamQmpChannel.ConnectUnixAsync(_path, cancellationToken);
        _connection = await accept;
        _stream = new NetworkStream(_connection);
        _reader = new StreamReader(_stream);
        return channel;
    }

    public async Task SendAsync(string line) => await _stream!.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));

    public async Task<string> ReceiveAsync() =>
        await _reader!.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5)) ?? throw new IOException("client closed");

    /// <summary>Answers the request line <paramref name="request"/> with a <c>return</c> of <paramref name="returnJson"/>.</summary>
    public Task ReplyAsync(string request, string returnJson) => SendAsync($$"""{"return": {{returnJson}}, "id": "{{IdOf(request)}}"}""");

    public Task ReplyErrorAsync(string request, string errorClass, string description) =>
        SendAsync($$"""{"error": {"class": "{{errorClass}}", "desc": "{{description}}"}, "id": "{{IdOf(request)}}"}""");

    public void CloseConnection()
    {
        _connection?.Shutdown(SocketShutdown.Both);
        _connection?.Close();
    }

    public static string IdOf(string request)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(request);
        return doc.RootElement.GetProperty("id").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        _reader?.Dispose();
        if (_stream is not null) await _stream.DisposeAsync();
        _connection?.Dispose();
        _listener.Dispose();
        File.Delete(_path);
    }
}
