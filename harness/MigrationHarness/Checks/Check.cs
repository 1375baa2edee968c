using MigrationHarness.Qmp;

namespace MigrationHarness.Checks;

/// <summary>
/// The common part of a check with one kind of reading: a side that refuses the question (a QMP
/// error) becomes an <see cref="UnreadableReading"/>, and two readings compare only when both are
/// of the check's own kind; the check itself says how to read a side and how two readings compare.
/// </summary>
public abstract class Check<TReading> : ICheck where TReading : CheckReading
{
    public abstract string Name { get; }
    public abstract CheckMoment SourceMoment { get; }
    public abstract CheckMoment DestinationMoment { get; }

    public async Task<CheckReading> ReadAsync(CheckTarget target, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ReadSideAsync(target, cancellationToken);
        }
        catch (QmpCommandException ex)
        {
            return new UnreadableReading(ex.Message);
        }
    }

    public CheckResult Compare(CheckReading source, CheckReading destination) =>
        source is TReading a && destination is TReading b ? Compare(a, b) : CheckResult.Unreadable(Name, source, destination);

    public Task<CheckResult> CompareAsync(CheckReading source, CheckReading destination, CancellationToken cancellationToken = default) =>
        source is TReading a && destination is TReading b ? CompareAsync(a, b, cancellationToken) : Task.FromResult(CheckResult.Unreadable(Name, source, destination));

    /// <summary>By default the readings are whole and the comparison is <see cref="Compare(TReading, TReading)"/>.</summary>
    protected virtual Task<CheckResult> CompareAsync(TReading source, TReading destination, CancellationToken cancellationToken) =>
        Task.FromResult(Compare(source, destination));

    protected abstract Task<TReading> ReadSideAsync(CheckTarget target, CancellationToken cancellationToken);

    protected abstract CheckResult Compare(TReading source, TReading destination);
}
