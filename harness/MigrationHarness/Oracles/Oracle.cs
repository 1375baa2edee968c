using MigrationHarness.Migration;
using MigrationHarness.Model;

namespace MigrationHarness.Oracles;

/// <summary>
/// Turns a case's observations into one verdict. The first hop that is not a pass decides. Within
/// a hop, how the migration ended comes first (a crash, a hang, a refusal), then the most severe
/// check result (<see cref="VerdictTable"/>), so a hop that both lost memory and drifted reports the
/// loss. The reason names the side to blame.
/// </summary>
public static class Oracle
{
    public static Judgement Judge(CaseObservation observation)
    {
        if (observation.InfrastructureError is { } infra) return new Judgement(Verdict.InfraError, infra);
        if (observation.NotApplicableReason is { } reason) return new Judgement(Verdict.NotApplicable, reason);
        for (var i = 0; i < observation.Hops.Count; i++)
        {
            var judgement = JudgeHop(observation.Hops[i]);
            if (judgement.Verdict != Verdict.Pass) return judgement with { Hop = i };
        }
        return Judgement.Passed;
    }

    public static Judgement JudgeHop(HopObservation hop)
    {
        var where = $"{hop.From}→{hop.To}";
        if (Crashed(hop.Source) is { } sourceCrash) return new Judgement(Verdict.Crash, $"{where}: source {sourceCrash}");
        if (Crashed(hop.Destination) is { } destinationCrash) return new Judgement(Verdict.Crash, $"{where}: destination {destinationCrash}");
        switch (hop.Status)
        {
            case MigrationStatus.TimedOut:
                return new Judgement(Verdict.Hang, $"{where}: {hop.Error}");
            case MigrationStatus.NeverAnswered:
                return new Judgement(Verdict.Hang, $"{where}: {hop.Error}");
            case MigrationStatus.ProcessDied:
                return new Judgement(Verdict.Crash, $"{where}: {hop.Error}");
            case MigrationStatus.CommandFailed:
                // A healthy QEMU refusing a step it must accept after a completed migration: it cannot go on as the guest's host.
                return new Judgement(Verdict.Hang, $"{where}: {hop.Error}");
            case MigrationStatus.DestinationRefusedConfig or MigrationStatus.MigrationFailed:
                return Refused(hop, where);
            case MigrationStatus.DestinationNotRunning:
                // KVM stopping a vCPU with an internal error, or a guest panic, is the guest dying: a crash.
                return hop.Error is { } error && (error.Contains("internal-error", StringComparison.Ordinal) || error.Contains("guest-panicked", StringComparison.Ordinal))
                    ? new Judgement(Verdict.Crash, $"{where}: destination: {error}")
                    : new Judgement(Verdict.Hang, $"{where}: destination: {hop.Error}");
        }
        var worst = hop.Checks.Where(c => !c.Passed).MaxBy(c => c.Verdict.Info().Severity);
        return worst is null ? Judgement.Passed : new Judgement(worst.Verdict, $"{where}: {worst.Check}: {worst.Summary}");
    }

    /// <summary>
    /// A refused migration (or a destination refusing the source's config) is clean only when the
    /// source still answers and the destination ended without a signal or abort (checked before).
    /// A source that did not survive it is a crash when it exited, a hang when it stopped answering.
    /// </summary>
    private static Judgement Refused(HopObservation hop, string where)
    {
        var what = hop.Status == MigrationStatus.DestinationRefusedConfig
            ? $"the destination refuses the source's config: {FirstError(hop.Destination)}"
            : hop.Error ?? "migration failed";
        if (hop.SourceHealthyAfterFailure) return new Judgement(Verdict.CleanReject, $"{where}: {what}");
        return hop.Source?.Exit is { } exit && !hop.Source.KilledByHarness
            ? new Judgement(Verdict.Crash, $"{where}: source exited ({exit}) after the migration failed: {what}")
            : new Judgement(Verdict.Hang, $"{where}: source stopped answering after the migration failed: {what}");
    }

    /// <summary>How a process crashed, if it did: killed by a signal (not the harness's), or an abort/assertion message.</summary>
    public static string? Crashed(SideEvidence? side)
    {
        if (side is null) return null;
        // The first assertion or fatal line says where QEMU died; the signal alone does not tell two crashes apart.
        var line = CrashMarkers.Where(m => side.Stderr.Contains(m, StringComparison.Ordinal)).Select(m => Line(side.Stderr, m)).FirstOrDefault();
        if (!side.KilledByHarness && side.Exit is { } exit && exit.StartsWith("killed by signal", StringComparison.Ordinal))
            return line is null ? exit : $"{exit}: {line}";
        if (side.Exit is "exit 134") return line is null ? "aborted (exit 134)" : $"aborted (exit 134): {line}";
        return line is null ? null : $"failed: {line}";
    }

    private static readonly string[] CrashMarkers = ["Assertion `", "qemu: fatal", "Segmentation fault", "core dumped", "Aborted"];

    private static string FirstError(SideEvidence? side) => side is null ? "(no evidence)" : Portability.StartResult.ErrorLine(side.Stderr);

    private static string Line(string text, string marker) =>
        text.Split('\n').FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal))?.Trim() ?? marker;
}
