using MigrationHarness.Migration;

namespace MigrationHarness.Oracles;

/// <summary>
/// Turns a case's observations into one verdict. The first hop that is not a pass decides; the
/// order of checks is crash, hang, clean reject, data loss, ABI drift, so a case that both
/// drifted and lost memory reports the worse finding first.
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

    private static Judgement JudgeHop(HopObservation hop)
    {
        var where = $"{hop.From}→{hop.To}";
        if (Crashed(hop.Source) is { } sourceCrash) return new Judgement(Verdict.Crash, $"{where}: source {sourceCrash}");
        if (Crashed(hop.Destination) is { } destinationCrash) return new Judgement(Verdict.Crash, $"{where}: destination {destinationCrash}");
        switch (hop.Status)
        {
            case MigrationStatus.TimedOut:
                return new Judgement(Verdict.Hang, $"{where}: {hop.Error}");
            case MigrationStatus.ProcessDied:
                return new Judgement(Verdict.Crash, $"{where}: {hop.Error}");
            case MigrationStatus.DestinationRefusedConfig:
                return new Judgement(Verdict.CleanReject, $"{where}: the destination refuses the source's config: {FirstError(hop.Destination)}");
            case MigrationStatus.MigrationFailed:
                return hop.SourceHealthyAfterFailure
                    ? new Judgement(Verdict.CleanReject, $"{where}: {hop.Error}")
                    : new Judgement(Verdict.Crash, $"{where}: migration failed and the source did not survive it: {hop.Error}");
            case MigrationStatus.DestinationNotRunning:
                // KVM stopping a vCPU with an internal error, or a guest panic, is the guest dying: a crash.
                return hop.Error is { } error && (error.Contains("internal-error", StringComparison.Ordinal) || error.Contains("guest-panicked", StringComparison.Ordinal))
                    ? new Judgement(Verdict.Crash, $"{where}: {error}")
                    : new Judgement(Verdict.Hang, $"{where}: {hop.Error}");
        }
        if (hop.ProgressProblem is { } progress) return new Judgement(Verdict.Hang, $"{where}: {progress}");
        if (hop.MemoryProblem is { } memory) return new Judgement(Verdict.DataLoss, $"{where}: {memory}");
        if (hop.AbiDifferences.Count > 0)
            return new Judgement(Verdict.AbiDrift, $"{where}: {hop.AbiDifferences.Count} difference(s): {string.Join("; ", hop.AbiDifferences.Take(3))}");
        return Judgement.Passed;
    }

    /// <summary>How a process crashed, if it did: killed by a signal, or an abort/assertion message.</summary>
    public static string? Crashed(SideEvidence? side)
    {
        if (side is null) return null;
        if (side.Exit is { } exit && exit.StartsWith("killed by signal", StringComparison.Ordinal)) return exit;
        if (side.Exit is "exit 134") return "aborted (exit 134)";
        foreach (var marker in new[] { "Assertion `", "core dumped", "Aborted", "Segmentation fault", "qemu: fatal" })
            if (side.Stderr.Contains(marker, StringComparison.Ordinal)) return $"failed: {Line(side.Stderr, marker)}";
        return null;
    }

    private static string FirstError(SideEvidence? side) => side is null ? "(no evidence)" : Portability.StartResult.ErrorLine(side.Stderr);

    private static string Line(string text, string marker) =>
        text.Split('\n').FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal))?.Trim() ?? marker;
}
