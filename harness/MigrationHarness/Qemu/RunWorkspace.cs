namespace MigrationHarness.Qemu;

/// <summary>
/// A host directory shared with every container of a run (mounted at <see cref="ContainerRoot"/>):
/// QMP sockets, migration sockets and saved streams live here, so the harness talks to QEMU with
/// no network at all.
/// </summary>
public sealed class RunWorkspace : IDisposable
{
    public const string ContainerRoot = "/mh";
    private int _next;

    public string RunId { get; }
    public string HostRoot { get; }

    public RunWorkspace(string runId, string? hostRoot = null)
    {
        RunId = runId;
        HostRoot = hostRoot ?? Path.Combine(Path.GetTempPath(), "migrationharness", runId);
        Directory.CreateDirectory(HostRoot);
    }

    /// <summary>A fresh directory for one case (or one probe): host path and the same place inside containers.</summary>
    public (string HostPath, string ContainerPath) NewSlot(string prefix)
    {
        var name = $"{prefix}-{Interlocked.Increment(ref _next)}";
        var host = Path.Combine(HostRoot, name);
        Directory.CreateDirectory(host);
        return (host, $"{ContainerRoot}/{name}");
    }

    public string Bind => $"{HostRoot}:{ContainerRoot}";

    public void Dispose()
    {
        // A container being torn down may still write a socket or pid file here: try again once.
        for (var attempt = 0; attempt < 3 && Directory.Exists(HostRoot); attempt++)
        {
            try { Directory.Delete(HostRoot, recursive: true); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { Thread.Sleep(200); }
        }
    }
}
