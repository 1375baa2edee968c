using MigrationHarness.Findings;
using MigrationHarness.Results;
using MigrationHarness.Oracles;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Model;
using MigrationHarness.Records;

namespace MigrationHarness.Campaign;

/// <summary>Builds the <see cref="CaseRecord"/> of a judged case: per-hop verdicts (the judged hop gets the verdict, earlier ones passed).</summary>
public static class CaseRecords
{
    public static CaseRecord From(PlannedCase planned, ulong seed, ConfirmedOutcome confirmed)
    {
        var outcome = confirmed.Outcome;
        var spec = new CaseSpec(planned.Scenario.Prepare(planned.Config), planned.Scenario, planned.Builds);
        var causes = CaseCauses.Of(outcome, spec);
        var judgement = outcome.Judgement;
        var hops = outcome.Observation.Hops.Select((hop, i) => new HopSummary(
            From: hop.From, To: hop.To,
            Verdict: judgement.Hop == i ? judgement.Verdict : Verdict.Pass,
            Status: hop.Status.ToString(), Error: hop.Error, SourceExit: hop.Source?.Exit, DestinationExit: hop.Destination?.Exit,
            SourceArgv: hop.Source?.Argv ?? [], DestinationArgv: hop.Destination?.Argv ?? [],
            SourceStderrTail: NullIfEmpty(hop.Source?.StderrTail(6)), DestinationStderrTail: NullIfEmpty(hop.Destination?.StderrTail(6)),
            AbiDifferences: hop.AbiDifferences.Select(d => d.ToString()).ToArray(),
            MigrateMs: hop.Timings.Migrate.TotalMilliseconds)
        {
            Checks = hop.Checks.Select(c => $"{c.Check}: {c.Verdict.Name()}: {c.Summary}").ToArray(),
            SourceMigration = hop.SourceMigration,
            DestinationMigration = hop.DestinationMigration,
        }).ToArray();
        return new CaseRecord(
            Id: planned.Id, Index: planned.Index, Seed: seed, Scenario: planned.Scenario.Name, Builds: planned.Builds.Select(b => b.Name).ToArray(),
            MachineType: planned.Config.MachineType, Config: planned.Config, Verdict: judgement.Verdict, Reason: judgement.Reason,
            Flaky: confirmed.Flaky, Confirmations: confirmed.Confirmations, Signature: FailureSignature.Of(outcome, spec, causes), Hops: hops,
            DurationMs: Math.Round(outcome.Duration.TotalMilliseconds, 1))
        {
            Origin = planned.Origin?.Path,
            PreviousVerdict = VerdictTable.Parse(planned.Origin?.Verdict),
            Causes = causes,
            ConfirmedBy = confirmed.ConfirmedBy,
            GuestRefused = outcome.Observation.GuestRefused,
            ConfirmationMs = Math.Round(confirmed.ConfirmationTime.TotalMilliseconds, 1),
        };
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
