namespace MigrationHarness.Migration;

/// <summary>How a single migration attempt ended, before any oracle judges it.</summary>
public enum MigrationStatus
{
    /// <summary>Both sides reported completion and the destination ran after <c>cont</c>.</summary>
    Completed,
    /// <summary>The source started; the destination build refused the same config.</summary>
    DestinationRefusedConfig,
    /// <summary>QEMU reported the migration failed (an error reply, or a <c>failed</c> status).</summary>
    MigrationFailed,
    /// <summary>A side stopped answering within its time limit.</summary>
    TimedOut,
    /// <summary>A QEMU process died (by signal or unexpected exit) during the migration.</summary>
    ProcessDied,
    /// <summary>The destination did not run after <c>cont</c>.</summary>
    DestinationNotRunning,
}
