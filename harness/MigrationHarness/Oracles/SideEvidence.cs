using MigrationHarness.Model;

namespace MigrationHarness.Oracles;

/// <summary>What one QEMU process left as evidence.</summary>
public sealed record SideEvidence(string Role, string Build, IReadOnlyList<string> Argv, IReadOnlyList<string> Qmp, string Stderr, string? Exit)
{
    /// <summary>The harness killed this QEMU (quit did not end it, or it never answered): its signal is the harness's, not a crash.</summary>
    public bool KilledByHarness { get; init; }

    public string StderrTail(int lines = 12) => string.Join('\n', Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines));
}
