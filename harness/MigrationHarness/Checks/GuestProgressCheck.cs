using MigrationHarness.Guest;
using MigrationHarness.Model;

namespace MigrationHarness.Checks;

/// <summary>
/// The guest must keep running on the destination: its heartbeat moves and it completes a CPUID
/// refresh within the limit. A guest that stopped making progress is a hang.
/// </summary>
public sealed class GuestProgressCheck : Check<ProgressReading>
{
    public override string Name => "guest-progress";
    public override CheckMoment SourceMoment => CheckMoment.FirstSourceReady;
    public override CheckMoment DestinationMoment => CheckMoment.DestinationRunning;

    protected override async Task<ProgressReading> ReadSideAsync(CheckTarget target, CancellationToken cancellationToken)
    {
        var before = await target.Guest.ReadHeaderAsync(cancellationToken);
        if (target.Moment == CheckMoment.FirstSourceReady) return new ProgressReading(before, before);
        var after = await target.Guest.WaitForProgressAsync(before, target.Limits.GuestProgress, cancellationToken);
        if (after is not null) return new ProgressReading(before, after) { Evidence = [$"within {target.Limits.GuestProgress.TotalSeconds:0} s"] };
        // Where the guest is stuck is what a maintainer needs first: the fault it recorded, if any, and each vCPU's registers.
        var now = await target.Guest.ReadHeaderAsync(cancellationToken);
        var registers = (await target.Guest.ReadVcpuRegistersAsync(target.Limits.Command, cancellationToken)).Select(l => "registers: " + l);
        return new ProgressReading(now, null)
        {
            Evidence = [$"within {target.Limits.GuestProgress.TotalSeconds:0} s", .. now.FaultText is { } fault ? [$"the guest stopped a vCPU on {fault}"] : Array.Empty<string>(), .. registers],
        };
    }

    protected override CheckResult Compare(ProgressReading source, ProgressReading progress)
    {
        return progress.After is { } after
            ? CheckResult.Pass(Name, $"heartbeat {progress.Before.Heartbeat} → {after.Heartbeat}, CPUID generation {progress.Before.Generation} → {after.Generation}")
            : new CheckResult(Name, Verdict.Hang,
                $"the guest made no progress on the destination (heartbeat stays {progress.Before.Heartbeat}, pass {progress.Before.Pass}, generation {progress.Before.Generation}; " +
                $"{string.Join("; ", progress.Evidence.Where(e => !e.StartsWith("registers: ", StringComparison.Ordinal)))})", []);
    }
}

/// <summary>The guest's header before and (null when it did not move) after the wait.</summary>
public sealed record ProgressReading(GuestHeader Before, GuestHeader? After) : CheckReading;
