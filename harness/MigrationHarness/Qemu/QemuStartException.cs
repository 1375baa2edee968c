using MigrationHarness.Containers;
using MigrationHarness.Model;

namespace MigrationHarness.Qemu;

/// <summary>
/// QEMU exited (or never opened QMP) at start. Whether that is "not applicable on this host" or
/// "the destination refuses the source's config" is for the oracle to say, from the stderr kept here.
/// </summary>
public sealed class QemuStartException(string build, string role, ExecExit? exit, string stderr, IReadOnlyList<string> argv)
    : HarnessException($"QEMU ({build}, {role}) did not start: {(exit is null ? "no QMP socket" : exit.ToString())}: {FirstLine(stderr)}")
{
    public string Build { get; } = build;
    public string Role { get; } = role;
    public ExecExit? Exit { get; } = exit;
    public string Stderr { get; } = stderr;
    public IReadOnlyList<string> Argv { get; } = argv;

    /// <summary>
    /// QEMU could not create a thread or process (EAGAIN under the container's pids limit): the
    /// harness's limit, not something the config or the build did. Reported as infrastructure trouble.
    /// </summary>
    public bool HitHarnessLimit =>
        Stderr.Contains("qemu_thread_create", StringComparison.Ordinal) || Stderr.Contains("Resource temporarily unavailable", StringComparison.Ordinal);

    private static string FirstLine(string s)
    {
        var line = s.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(l => !l.Contains("warning:", StringComparison.Ordinal)) ?? s.Trim();
        return line.Length == 0 ? "(no message)" : line;
    }
}
