namespace MigrationHarness.Migration;

/// <summary>How a single migration attempt (or the step that ended it) went, before any oracle judges it.</summary>
public enum MigrationStatus
{
    /// <summary>Both sides reported completion; the checks then say what the guest sees.</summary>
    Completed,
    /// <summary>The source started; the destination build refused the same config at start.</summary>
    DestinationRefusedConfig,
    /// <summary>QEMU reported the migration failed (an error reply, or a <c>failed</c> status).</summary>
    MigrationFailed,
    /// <summary>A side stopped answering within its time limit.</summary>
    TimedOut,
    /// <summary>A QEMU process died (by signal or unexpected exit) in the middle of a step.</summary>
    ProcessDied,
    /// <summary>The destination did not run after <c>cont</c>.</summary>
    DestinationNotRunning,
    /// <summary>A QEMU never opened QMP at start within the limit (it was killed).</summary>
    NeverAnswered,
    /// <summary>A healthy QEMU refused a command the step needs (the error is kept).</summary>
    CommandFailed,
}
