namespace MigrationHarness.Processes;

/// <summary>A host process ran past its own time limit and was killed (as opposed to cancelled by the caller).</summary>
public sealed class ProcessTimeoutException(string command, TimeSpan timeout)
    : InfrastructureException($"'{command}' did not finish within {timeout.TotalSeconds:0.#} s and was killed; raise the timeout or check the host.");
