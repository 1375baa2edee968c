using MigrationHarness.Model;

namespace MigrationHarness.Portability;

/// <summary>Whether one build started a config (paused, then quit), and QEMU's words if it did not.</summary>
public sealed record StartResult(string Build, bool Started, string? Error, string? Exit, TimeSpan Duration)
{
    /// <summary>QEMU's own complaint: the first non-warning stderr line, without the binary's name.</summary>
    public static string ErrorLine(string stderr) =>
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(l => !l.Contains("warning:", StringComparison.Ordinal))?
            .Replace("qemu-system-x86_64: ", "", StringComparison.Ordinal) ?? "(no message)";
}
