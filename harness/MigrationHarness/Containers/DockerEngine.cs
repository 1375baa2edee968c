using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docker.DotNet;

namespace MigrationHarness.Containers;

/// <summary>
/// The Docker engine as the harness uses it: a thin adapter over Docker.DotNet that keeps the few
/// calls the harness makes (images, containers, exec with attached stdio) and turns every engine
/// failure into a <see cref="DockerEngineException"/>, an infrastructure error. That mapping is what
/// keeps a dead engine from ever being judged a QEMU bug, so every call goes through <see cref="CallAsync{T}"/>.
/// </summary>
public sealed partial class DockerEngine : IDisposable
{
    /// <summary>The oldest API the harness's requests are valid in (exec and HostConfig fields it sets).</summary>
    private static readonly Version MinApiVersion = new(1, 40);
    /// <summary>The API of Docker 29, which the library's models follow; a newer engine is spoken to in this one.</summary>
    private static readonly Version MaxApiVersion = new(1, 52);

    private readonly DockerClient _client;

    public DockerEndpoint Endpoint { get; }

    private DockerEngine(DockerClient client, DockerEndpoint endpoint)
    {
        _client = client;
        Endpoint = endpoint;
    }

    /// <summary>Connects and negotiates the API version; throws <see cref="DockerEngineException"/> when no engine answers.</summary>
    public static async Task<DockerEngine> ConnectAsync(DockerEndpoint? endpoint = null, CancellationToken cancellationToken = default)
    {
        endpoint ??= DockerEndpoint.FromEnvironment();
        Docker.DotNet.Models.VersionResponse version;
        using (var probe = endpoint.CreateClient(apiVersion: null))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                version = await probe.System.GetVersionAsync(linked.Token);
            }
            catch (DockerApiException ex)
            {
                // Something answered but refused: over tcp:// that is usually TLS (an HTTPS engine asked in plain HTTP).
                throw new DockerEngineException(
                    $"the Docker engine at {endpoint} refused the version check ({(int)ex.StatusCode}: {EngineMessage(ex.ResponseBody)}); " +
                    "for a tcp:// engine, check DOCKER_TLS_VERIFY and DOCKER_CERT_PATH.", ex.StatusCode, ex);
            }
            catch (Exception ex) when (IsTransportFailure(ex) || (ex is OperationCanceledException && timeout.IsCancellationRequested))
            {
                throw new DockerEngineException(
                    $"no Docker engine answers at {endpoint}: {ex.Message}. Start dockerd (as root: 'dockerd &') or set DOCKER_HOST.", inner: ex);
            }
        }
        var server = Version.Parse(version.APIVersion);
        if (server < MinApiVersion)
            throw new DockerEngineException($"the Docker engine speaks API {server}, older than the {MinApiVersion} this harness needs; upgrade docker.io.");
        var chosen = server < MaxApiVersion ? server : MaxApiVersion;
        return new DockerEngine(endpoint.CreateClient(chosen), endpoint);
    }

    /// <summary>
    /// Runs one library call, mapping what the engine or the transport threw to the harness's
    /// infrastructure errors: 404 to <see cref="DockerNotFoundException"/>, any other refusal and a
    /// broken connection to <see cref="DockerEngineException"/> carrying the engine's own message.
    /// </summary>
    private static async Task<T> CallAsync<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (DockerApiException ex)
        {
            var message = $"Docker engine: {what} → {(int)ex.StatusCode}: {EngineMessage(ex.ResponseBody)}";
            if (ex.StatusCode == System.Net.HttpStatusCode.NotFound) throw new DockerNotFoundException(message);
            throw new DockerEngineException(message, ex.StatusCode, ex);
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            throw new DockerEngineException($"the Docker engine stopped answering ({what}): {ex.Message}", inner: ex);
        }
    }

    private static Task CallAsync(string what, Func<Task> call) => CallAsync(what, async () => { await call(); return true; });

    /// <summary>
    /// A broken or refused connection. The library's TCP connector reports a refused connect as an
    /// <see cref="AggregateException"/> around the <see cref="SocketException"/>, so those count when what they wrap does.
    /// </summary>
    private static bool IsTransportFailure(Exception ex) => ex switch
    {
        HttpRequestException or IOException or SocketException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransportFailure),
        _ => false,
    };

    /// <summary>The engine answers errors as <c>{"message": "…"}</c>; anything else is quoted as it came.</summary>
    private static string EngineMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return "(no message)";
        try { return (JsonNode.Parse(body)?["message"]?.GetValue<string>() ?? body).Trim(); }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException) { return body.Trim(); }
    }

    public void Dispose() => _client.Dispose();
}
