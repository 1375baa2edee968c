using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MigrationHarness.Qmp;

/// <summary>
/// A QMP client: reads the greeting, negotiates capabilities, matches replies to requests by id and
/// routes events to waiters. A disconnect fails every pending request with
/// <see cref="QmpDisconnectedException"/>; using a closed client fails at once instead of hanging.
/// </summary>
public sealed partial class QmpClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(30);

    private readonly IQmpLineChannel _channel;
    private readonly ConcurrentDictionary<string, PendingCommand> _pending = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _transcriptGate = new();
    private readonly List<QmpTranscriptEntry> _transcript = [];
    private readonly CancellationTokenSource _readerStop = new();
    private Task _reader = Task.CompletedTask;
    private long _nextId;
    private volatile Exception? _closedBecause;

    public QmpGreeting Greeting { get; private set; } = null!;

    /// <summary>A short name for messages (e.g. "source qemu-7.2").</summary>
    public string Peer { get; }

    private QmpClient(IQmpLineChannel channel, string peer)
    {
        _channel = channel;
        Peer = peer;
    }

    /// <summary>Reads the greeting and enters command mode; the client owns the channel from then on.</summary>
    public static async Task<QmpClient> ConnectAsync(IQmpLineChannel channel, string peer = "qemu", TimeSpan? greetingTimeout = null,
        CancellationToken cancellationToken = default)
    {
        var client = new QmpClient(channel, peer);
        try
        {
            await client.HandshakeAsync(greetingTimeout ?? DefaultCommandTimeout, cancellationToken);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    private async Task HandshakeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutCts = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        string? line;
        try
        {
            line = await _channel.ReadLineAsync(linked.Token);
        }
        catch (OperationCanceledException ex) when (ex.CancellationToken == linked.Token && timeoutCts.IsCancellationRequested)
        {
            throw new QmpTimeoutException($"the QMP greeting ({Peer})", timeout);
        }
        if (line is null) throw new QmpDisconnectedException($"{Peer} closed the QMP connection before greeting.");
        Record(QmpDirection.Received, line);
        Greeting = QmpGreeting.Parse(line);
        _reader = Task.Run(ReadLoopAsync);
        await ExecuteAsync("qmp_capabilities", null, timeout, cancellationToken);
    }

    public bool IsConnected => _closedBecause is null;

    /// <summary>Every line sent and received so far, with its time since connect.</summary>
    public IReadOnlyList<QmpTranscriptEntry> Transcript
    {
        get { lock (_transcriptGate) return _transcript.ToArray(); }
    }

    /// <summary>Sends a command and returns its <c>return</c> member.</summary>
    /// <exception cref="QmpCommandException">QEMU replied with an error.</exception>
    /// <exception cref="QmpDisconnectedException">The connection is or became closed.</exception>
    /// <exception cref="QmpTimeoutException">No reply within <paramref name="timeout"/>.</exception>
    public async Task<JsonElement> ExecuteAsync(string command, object? arguments = null, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        if (_closedBecause is { } closed)
            throw new QmpDisconnectedException($"{Peer}: cannot send '{command}': the QMP connection is closed ({closed.Message}).", closed);

        var id = "mh-" + Interlocked.Increment(ref _nextId);
        var request = new JsonObject { ["execute"] = command, ["id"] = id };
        if (arguments is not null) request["arguments"] = JsonSerializer.SerializeToNode(arguments, arguments.GetType());
        var pending = new PendingCommand(command);
        _pending[id] = pending;
        var limit = timeout ?? DefaultCommandTimeout;
        using var timeoutCts = new CancellationTokenSource(limit);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        try
        {
            // Re-check after registering: a disconnect between the first check and the registration
            // would otherwise leave this request waiting for a reply that can never come.
            if (_closedBecause is { } closedNow) throw new QmpDisconnectedException($"{Peer}: cannot send '{command}': {closedNow.Message}", closedNow);
            var line = request.ToJsonString();
            Record(QmpDirection.Sent, line);
            await _channel.WriteLineAsync(line, linked.Token);
            return await pending.Reply.Task.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException ex) when (ex.CancellationToken == linked.Token && timeoutCts.IsCancellationRequested
                                                   && !cancellationToken.IsCancellationRequested)
        {
            throw new QmpTimeoutException($"'{command}' ({Peer})", limit);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception reason = new QmpDisconnectedException($"{Peer} closed the QMP connection.");
        try
        {
            while (await _channel.ReadLineAsync(_readerStop.Token) is { } line)
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                Record(QmpDirection.Received, line);
                Dispatch(line);
            }
        }
        catch (OperationCanceledException)
        {
            reason = new QmpDisconnectedException($"the QMP client for {Peer} was closed.");
        }
        catch (Exception ex)
        {
            reason = new QmpDisconnectedException($"{Peer}: the QMP connection failed: {ex.Message}", ex);
        }
        _closedBecause = reason;
        foreach (var (_, pending) in _pending)
            pending.Reply.TrySetException(new QmpDisconnectedException(
                $"{Peer} closed the QMP connection while '{pending.Command}' was waiting for its reply.", reason));
        FailEventWaiters(reason);
    }

    private void Dispatch(string line)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(line);
            root = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            // QEMU only ever sends JSON here; a garbled line is noted in the transcript and skipped.
            return;
        }
        if (root.TryGetProperty("event", out var eventName))
        {
            var data = root.TryGetProperty("data", out var d) ? d : default;
            var stamp = root.TryGetProperty("timestamp", out var ts)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ts.GetProperty("seconds").GetInt64() * 1000 + ts.GetProperty("microseconds").GetInt64() / 1000)
                : DateTimeOffset.UtcNow;
            OnEvent(new QmpEvent(eventName.GetString() ?? "", data, stamp));
            return;
        }
        if (!root.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String) return;
        if (!_pending.TryGetValue(idElement.GetString()!, out var pending)) return;
        if (root.TryGetProperty("return", out var result))
        {
            pending.Reply.TrySetResult(result);
        }
        else if (root.TryGetProperty("error", out var error))
        {
            pending.Reply.TrySetException(new QmpCommandException(pending.Command,
                error.TryGetProperty("class", out var c) ? c.GetString() ?? "" : "",
                error.TryGetProperty("desc", out var desc) ? desc.GetString() ?? "" : ""));
        }
    }

    private void Record(QmpDirection direction, string line)
    {
        lock (_transcriptGate) _transcript.Add(new QmpTranscriptEntry(_clock.Elapsed, direction, line));
    }

    public async ValueTask DisposeAsync()
    {
        await _readerStop.CancelAsync();
        await _channel.DisposeAsync();
        try { await _reader; } catch (Exception) { /* the loop records its own end */ }
        _readerStop.Dispose();
    }

    private sealed record PendingCommand(string Command)
    {
        public TaskCompletionSource<JsonElement> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
