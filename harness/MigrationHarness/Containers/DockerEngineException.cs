using System.Net;

namespace MigrationHarness.Containers;

/// <summary>The Docker engine refused a request or could not be reached. Carries the engine's own message.</summary>
public class DockerEngineException(string message, HttpStatusCode? status = null, Exception? inner = null)
    : InfrastructureException(message, inner)
{
    public HttpStatusCode? Status { get; } = status;
}

/// <summary>The engine answered 404 for a container, image or exec.</summary>
public sealed class DockerNotFoundException(string message) : DockerEngineException(message, HttpStatusCode.NotFound);
