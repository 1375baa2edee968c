using MigrationHarness.Qmp;
using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Qmp;

/// <summary>The QMP client against a scripted fake peer: the misbehaviours real QEMU will not produce on demand.</summary>
public sealed class QmpClientTests
{
    [Fact(Timeout = 10_000)]
    public async Task I_can_read_the_greeting_and_negotiate_capabilities()
    {
        await using var peer = new FakeQmpPeer();
        await using var client = await peer.ConnectClientAsync();

        Assert.Equal("11.1.3", client.Greeting.Version);
        Assert.Equal("fake", client.Greeting.Package);
        Assert.Contains("oob", client.Greeting.Capabilities);
        Assert.True(client.IsConnected);
    }

    [Fact(Timeout = 10_000)]
    public async Task A_command_error_becomes_a_typed_exception_with_class_and_description()
    {
        await using var peer = new FakeQmpPeer();
        await using var client = await peer.ConnectClientAsync();

        var call = client.ExecuteAsync("device_add", new { driver = "nonsense" });
        var request = await peer.ReceiveAsync();
        await peer.ReplyErrorAsync(request, "GenericError", "'nonsense' is not a valid device model name");
        var error = await Assert.ThrowsAsync<QmpCommandException>(() => call);

        Assert.Equal("device_add", error.Command);
        Assert.Equal("GenericError", error.ErrorClass);
        Assert.Equal("'nonsense' is not a valid device model name", error.Description);
        Assert.True(client.IsConnected);
    }

    [Fact(Timeout = 10_000)]
    public async Task An_event_arriving_between_request_and_reply_is_delivered_and_the_reply_still_matches()
    {
        await using var peer = new FakeQmpPeer();
        await using var client = await peer.ConnectClientAsync();
        var seen = new List<string>();
        client.EventReceived += e => { lock (seen) seen.Add(e.Name); };

        var call = client.ExecuteAsync("query-status");
        var request = await peer.ReceiveAsync();
        await peer.SendAsync("""{"event": "STOP", "timestamp": {"seconds": 1, "microseconds": 2}}""");
        await peer.ReplyAsync(request, """{"status": "paused", "running": false}""");
        var reply = await call;

        Assert.Equal("paused", reply.GetProperty("status").GetString());
        var stop = await client.WaitForEventAsync(e => e.Name == "STOP", TimeSpan.FromSeconds(1), "STOP");
        Assert.Equal("STOP", stop.Name);
        lock (seen) Assert.Equal(["STOP"], seen);
    }

    [Fact(Timeout = 10_000)]
    public async Task Replies_are_matched_by_id_even_out_of_order()
    {
        await using var peer = new FakeQmpPeer();
        await using var client = await peer.ConnectClientAsync();

        var first = client.ExecuteAsync("query-name");
        var firstRequest = await peer.ReceiveAsync();
        var second = client.ExecuteAsync("query-uuid");
        var secondRequest = await peer.ReceiveAsync();
        await peer.ReplyAsync(secondRequest, """{"UUID": "u"}""");
        await peer.ReplyAsync(firstRequest, """{"name": "n"}""");

        Assert.Equal("n", (await first).GetProperty("name").GetString());
        Assert.Equal("u", (await second).GetProperty("UUID").GetString());
    }

    [Fact(Timeout = 10_000)]
    public async Task A_peer_that_closes_mid_request_fails_the_pending_request_and_every_later_one()
    {
        await using var peer = new FakeQmpPeer();
        await using var client = await peer.ConnectClientAsync();

        var call = client.ExecuteAsync("migrate", new { uri = "unix:/x" });
        await peer.ReceiveAsync();
        peer.CloseConnection();

        var error = await Assert.ThrowsAsync<QmpDisconnectedException>(() => call);
        Assert.Contains("migrate", error.Message);
        Assert.False(client.IsConnected);
        await Assert.ThrowsAsync<QmpDisconnectedException>(() => client.ExecuteAsync("query-status"));
        await Assert.ThrowsAsync<QmpDisconnectedException>(() => client.WaitForEventAsync(_ => true, TimeSpan.FromSeconds(5), "any event"));
    }

    [Fact(Timeout = 10_000)]
    public async Task A_peer_that_never_answers_times_out_with_a_timeout_not_a_cancellation()
    {
        await using var peer = new FakeQmpPeer();
        await using var client = await peer.ConnectClientAsync();

        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<QmpTimeoutException>(() => client.ExecuteAsync("query-status", timeout: TimeSpan.FromMilliseconds(300)));
        var waited = DateTime.UtcNow - started;

        Assert.Equal(TimeSpan.FromMilliseconds(300), error.Timeout);
        Assert.InRange(waited, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3));
        Assert.True(client.IsConnected);
    }

    [Fact(Timeout = 10_000)]
    public async Task Cancelling_a_command_is_a_cancellation_not_a_timeout()
    {
        await using var peer = new FakeQmpPeer();
        await using var client = await peer.ConnectClientAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ExecuteAsync("query-status", timeout: TimeSpan.FromSeconds(30), cancellationToken: cts.Token));
    }

    [Fact(Timeout = 10_000)]
    public async Task A_peer_that_sends_no_greeting_is_a_protocol_error()
    {
        await using var peer = new FakeQmpPeer();
        var channel = await peer.OpenChannelAsync();
        await peer.SendAsync("""{"hello": "not qmp"}""");

        var error = await Assert.ThrowsAsync<QmpProtocolException>(() => QmpClient.ConnectAsync(channel, "fake", TimeSpan.FromSeconds(2)));
        Assert.Contains("expected a QMP greeting", error.Message);
    }

    [Fact(Timeout = 10_000)]
    public async Task A_peer_that_stays_silent_at_connect_times_out_on_the_greeting()
    {
        await using var peer = new FakeQmpPeer();
        var channel = await peer.OpenChannelAsync();

        await Assert.ThrowsAsync<QmpTimeoutException>(() => QmpClient.ConnectAsync(channel, "fake", TimeSpan.FromMilliseconds(300)));
    }

    [Fact(Timeout = 10_000)]
    public async Task The_transcript_keeps_every_line_both_ways()
    {
        await using var peer = new FakeQmpPeer();
        await using var client = await peer.ConnectClientAsync();

        var call = client.ExecuteAsync("query-status");
        await peer.ReplyAsync(await peer.ReceiveAsync(), """{"status": "running", "running": true}""");
        await call;

        var lines = client.Transcript;
        Assert.Equal(QmpDirection.Received, lines[0].Direction);
        Assert.Contains("\"QMP\"", lines[0].Line);
        Assert.Contains(lines, l => l.Direction == QmpDirection.Sent && l.Line.Contains("query-status"));
        Assert.Contains(lines, l => l.Direction == QmpDirection.Received && l.Line.Contains("running"));
    }
}
