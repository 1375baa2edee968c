namespace MigrationHarness.Qemu;

/// <summary>
/// A run's working directory, on the engine's side: a labelled named volume per engine, mounted at
/// <see cref="ContainerRoot"/> in every container of the run there. Migration sockets, pid files and
/// dumps live in it, so the two QEMUs of a hop meet without a network, and the harness needs no
/// filesystem in common with the engine: it reads and writes the volume only through the engine.
/// </summary>
public sealed class RunWorkspace(string runId)
{
    public const string ContainerRoot = "/mh";
    private int _next;

    public string RunId { get; } = runId;

    /// <summary>The volume's name on each engine (the run id is made of letters, digits and dashes).</summary>
    public string VolumeName => "mh-" + RunId;

    public string Bind => $"{VolumeName}:{ContainerRoot}";

    /// <summary>A fresh directory path for one case (or one probe) inside the containers; the pool creates it.</summary>
    public string NextSlotPath(string prefix) => $"{ContainerRoot}/{prefix}-{Interlocked.Increment(ref _next)}";
}
