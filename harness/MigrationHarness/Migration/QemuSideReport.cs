namespace MigrationHarness.Migration;

/// <summary>Evidence from one side: its command line, QMP conversation, stderr and how it exited.</summary>
public sealed record QemuSideReport(string Build, string QemuVersion, IReadOnlyList<string> Argv, IReadOnlyList<string> QmpTranscript,
    IReadOnlyList<string> Events, string Stderr, string? Exit)
{
    public string StderrTail(int lines = 10) =>
        string.Join('\n', Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines));
}
