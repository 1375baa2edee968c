namespace MigrationHarness.Checks;

/// <summary>
/// One thing compared across a hop: what it reads from each side (and when), how the two readings
/// compare, and the verdict a difference implies. The runner reads every registered check at its
/// moments; the oracle only sees the <see cref="CheckResult"/>s. A new check is one class and one
/// line in <see cref="CheckRegistry"/>.
/// </summary>
public interface ICheck
{
    /// <summary>A short stable name, shown beside each difference ("qmp-fingerprint", "guest-memory").</summary>
    string Name { get; }

    /// <summary>When the source is read: once on the first source when it is ready, or on each hop's source after the migration completed.</summary>
    CheckMoment SourceMoment { get; }

    /// <summary>When the destination is read: paused, before it executed one instruction, or after it was resumed.</summary>
    CheckMoment DestinationMoment { get; }

    Task<CheckReading> ReadAsync(CheckTarget target, CancellationToken cancellationToken = default);

    /// <summary>Pure: the same two readings always give the same result (the unit tests drive it directly).</summary>
    CheckResult Compare(CheckReading source, CheckReading destination);

    /// <summary>
    /// What the runner calls: <see cref="Compare"/>, unless the readings are a summary (a digest)
    /// that differs, when the check reads the detail it needs to describe the difference.
    /// </summary>
    Task<CheckResult> CompareAsync(CheckReading source, CheckReading destination, CancellationToken cancellationToken = default) =>
        Task.FromResult(Compare(source, destination));
}
