using MigrationHarness.Guest;
using MigrationHarness.Oracles;
using MigrationHarness.Qmp;

namespace MigrationHarness.Checks;

/// <summary>
/// The guest must keep running on the destination: its heartbeat moves and it completes a CPUID
/// refresh within the limit. A guest that stopped making progress is a hang.
/// </summary>
public sealed class GuestProgressCheck : ICheck
{
    public string Name => "guest-progress";
    public CheckMoment SourceMoment => CheckMoment.FirstSourceReady;
    public CheckMoment DestinationMoment => CheckMoment.DestinationRunning;

    public async Task<CheckReading> ReadAsync(CheckTarget target, CancellationToken cancellationToken = default)
    {
        try
        {
            var before = await target.Guest.ReadHeaderAsync(cancellationToken);
            if (target.Moment == CheckMoment.FirstSourceReady) return new ProgressReading(before, before);
            var after = await target.Guest.WaitForProgressAsync(before, target.Limits.GuestProgress, cancellationToken);
            return new ProgressReading(before, after) { Evidence = [$"within {target.Limits.GuestProgress.TotalSeconds:0} s"] };
        }
        catch (QmpCommandException ex)
        {
            return new UnreadableReading(ex.Message);
        }
    }

    public CheckResult Compare(CheckReading source, CheckReading destination)
    {
        if (source is not ProgressReading || destination is not ProgressReading progress) return CheckResult.Unreadable(Name, source, destination);
        return progress.After is { } after
            ? CheckResult.Pass(Name, $"heartbeat {progress.Before.Heartbeat} → {after.Heartbeat}, CPUID generation {progress.Before.Generation} → {after.Generation}")
            : new CheckResult(Name, Verdict.Hang,
                $"the guest made no progress on the destination (heartbeat stays {progress.Before.Heartbeat}, pass {progress.Before.Pass}, generation {progress.Before.Generation}; {string.Join(' ', progress.Evidence)})", []);
    }
}

/// <summary>The guest's header before and (null when it did not move) after the wait.</summary>
public sealed record ProgressReading(GuestHeader Before, GuestHeader? After) : CheckReading;
