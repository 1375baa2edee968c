using Docker.DotNet.Models;

namespace MigrationHarness.Containers;

public sealed partial class DockerEngine
{
    /// <summary>
    /// Starts <paramref name="command"/> inside a running container with stdin, stdout and stderr
    /// attached. The argv goes to the engine as a JSON array: no shell ever parses it.
    /// </summary>
    /// <param name="keepStdout">Keep all stdout in <see cref="ExecSession.StdoutText"/> as well as passing it on as lines.</param>
    public async Task<ExecSession> StartExecAsync(string containerId, IReadOnlyList<string> command,
        CancellationToken cancellationToken = default, bool keepStdout = true)
    {
        var created = await CallAsync($"exec in {Short(containerId)}", () => _client.Exec.CreateContainerExecAsync(containerId,
            new ContainerExecCreateParameters
            {
                AttachStdin = true,
                AttachStdout = true,
                AttachStderr = true,
                TTY = false,
                Cmd = [.. command],
            }, cancellationToken));
        var stream = await CallAsync($"start exec in {Short(containerId)}", () => _client.Exec.StartContainerExecAsync(created.ID,
            new ContainerExecStartParameters { Detach = false, TTY = false }, cancellationToken));
        return new ExecSession(this, created.ID, stream, command, keepStdout);
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

    internal Task<ContainerExecInspectResponse> InspectExecAsync(string execId, CancellationToken cancellationToken) =>
        CallAsync($"inspect exec {Short(execId)}", () => _client.Exec.InspectContainerExecAsync(execId, cancellationToken));
}
