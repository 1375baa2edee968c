using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MigrationHarness.Containers;

/// <summary>
/// A small client for the Docker Engine HTTP API over its unix socket (Docker.DotNet is not available
/// here). Only what the harness needs: images, containers, exec with attached stdio.
/// The API version is negotiated once from <c>/_ping</c> and <c>/version</c>.
/// </summary>
public sealed partial class DockerClient : IDisposable
{
    /// <summary>The newest API version this client was written against; older engines are spoken to in their own.</summary>
    private static readonly Version MaxApiVersion = new(1, 43);
    private static readonly Version MinApiVersion = new(1, 40);

    private readonly HttpClient _http;
    private string _prefix = "";

    public DockerEndpoint Endpoint { get; }
    public string ApiVersion { get; private set; } = "";
    public string EngineVersion { get; private set; } = "";

    private DockerClient(DockerEndpoint endpoint)
    {
        Endpoint = endpoint;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) => new NetworkStream(await ConnectSocketAsync(ct), ownsSocket: true),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://docker/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Connects and negotiates the API version; throws <see cref="DockerEngineException"/> when no engine answers.</summary>
    public static async Task<DockerClient> ConnectAsync(DockerEndpoint? endpoint = null, CancellationToken cancellationToken = default)
    {
        var client = new DockerClient(endpoint ?? DockerEndpoint.FromEnvironment());
        try
        {
            await client.NegotiateAsync(cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private async Task NegotiateAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        JsonNode version;
        try
        {
            using var ping = await _http.GetAsync("_ping", linked.Token);
            ping.EnsureSuccessStatusCode();
            version = (await _http.GetFromJsonAsync<JsonNode>("version", linked.Token))!;
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException || (ex is OperationCanceledException && timeout.IsCancellationRequested))
        {
            throw new DockerEngineException(
                $"no Docker engine answers at {Endpoint.SocketPath}: {ex.Message}. Start dockerd (as root: 'dockerd &') or set DOCKER_HOST.", inner: ex);
        }
        var server = Version.Parse((string)version["ApiVersion"]!);
        if (server < MinApiVersion)
            throw new DockerEngineException($"the Docker engine speaks API {server}, older than the {MinApiVersion} this harness needs; upgrade docker.io.");
        var chosen = server < MaxApiVersion ? server : MaxApiVersion;
        ApiVersion = chosen.ToString();
        EngineVersion = (string?)version["Version"] ?? "";
        _prefix = $"v{ApiVersion}/";
    }

    private async Task<Socket> ConnectSocketAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(Endpoint.SocketPath), cancellationToken);
            return socket;
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new DockerEngineException($"cannot connect to the Docker engine at {Endpoint.SocketPath}: {ex.Message}; is dockerd running?", inner: ex);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken,
        HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, _prefix + path);
        if (content is not null) request.Content = content;
        else if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: JsonOptions);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new DockerEngineException($"the Docker engine stopped answering ({method} {path}): {ex.Message}", inner: ex);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            string message;
            try { message = JsonNode.Parse(text)?["message"]?.GetValue<string>() ?? text; }
            catch (JsonException) { message = text; }
            message = $"Docker engine: {method} {path} → {(int)response.StatusCode}: {message.Trim()}";
            if (response.StatusCode == HttpStatusCode.NotFound) throw new DockerNotFoundException(message);
            throw new DockerEngineException(message, response.StatusCode);
        }
    }

    private async Task<JsonNode?> SendJsonAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }

    internal static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = null };

    public void Dispose() => _http.Dispose();
}
