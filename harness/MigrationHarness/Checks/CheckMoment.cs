namespace MigrationHarness.Checks;

/// <summary>The moments of a case at which a check may read a side.</summary>
public enum CheckMoment
{
    /// <summary>The first source, after start, hot-plug and guest boot, before any migration: what every destination is compared with.</summary>
    FirstSourceReady,
    /// <summary>A hop's source once its outgoing migration completed (stopped, its memory what was sent).</summary>
    SourceAfterMigration,
    /// <summary>The destination right after the incoming migration, still paused: exactly what migration delivered.</summary>
    DestinationPaused,
    /// <summary>The destination after it was resumed: what the guest sees when it runs there.</summary>
    DestinationRunning,
}
