using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MigrationHarness.Containers;

public sealed partial class DockerClient
{
    /// <summary>
    /// Starts <paramref name="command"/> inside a running container with stdin, stdout and stderr
    /// attached. The argv goes to the engine as a JSON array: no shell ever parses it.
    /// </summary>
    public async Task<ExecSession> StartExecAsync(string containerId, IReadOnlyList<string> command,
        CancellationToken cancellationToken = default)
    {
        var created = await SendJsonAsync(HttpMethod.Post, $"containers/{containerId}/exec", new
        {
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
            Tty = false,
            Cmd = command,
        }, cancellationToken);
        var execId = (string)created!["Id"]!;

        // Starting an attached exec upgrades the HTTP connection to a raw duplex stream, which
        // HttpClient cannot hand over; this one request is written by hand on its own socket.
        var socket = await ConnectSocketAsync(cancellationToken);
        var stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            var body = JsonSerializer.Serialize(new { Detach = false, Tty = false });
            var request = $"POST /{_prefix}exec/{execId}/start HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n" +
                          $"Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";
            await stream.WriteAsync(Encoding.UTF8.GetBytes(request), cancellationToken);
            var status = await ReadResponseHeadAsync(stream, cancellationToken);
            if (!status.StartsWith("HTTP/1.1 101", StringComparison.Ordinal) && !status.StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
                throw new DockerEngineException($"Docker engine: exec start in {containerId[..12]} answered '{status}'.");
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
        return new ExecSession(this, execId, socket, stream, command);
    }

    /// <summary>Runs a command in a container to completion and returns its output and exit code.</summary>
    public async Task<(ExecExit Exit, string Stdout, string Stderr)> ExecAsync(string containerId, IReadOnlyList<string> command,
        CancellationToken cancellationToken = default)
    {
        await using var session = await StartExecAsync(containerId, command, cancellationToken);
        session.CloseStdin();
        var exit = await session.WaitForExitAsync(cancellationToken);
        return (exit, session.StdoutText, session.StderrText);
    }

    internal async Task<JsonNode> InspectExecAsync(string execId, CancellationToken cancellationToken) =>
        (await SendJsonAsync(HttpMethod.Get, $"exec/{execId}/json", null, cancellationToken))!;

    /// <summary>Reads the status line and headers byte by byte, so no byte of the raw stream after them is consumed.</summary>
    private static async Task<string> ReadResponseHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>(256);
        var one = new byte[1];
        while (head.Count < 16 * 1024)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0) break;
            head.Add(one[0]);
            var n = head.Count;
            if (n >= 4 && head[n - 4] == '\r' && head[n - 3] == '\n' && head[n - 2] == '\r' && head[n - 1] == '\n') break;
        }
        var text = Encoding.ASCII.GetString(head.ToArray());
        return text.Split("\r\n", 2)[0];
    }
}
