namespace MigrationHarness.Containers;

/// <summary>
/// How a process in a container ended. The engine reports 128+N for an exec killed by signal N
/// (what runc reports), which the oracles read as a crash.
/// </summary>
public sealed record ExecExit(int ExitCode)
{
    public int? Signal => ExitCode > 128 && ExitCode < 160 ? ExitCode - 128 : null;
    public override string ToString() => Signal is { } s ? $"killed by signal {s} (exit {ExitCode})" : $"exit {ExitCode}";
}
