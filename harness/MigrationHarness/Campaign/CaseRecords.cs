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
            hop.From, hop.To,
            judgement.Hop == i ? judgement.Verdict : Verdict.Pass,
            hop.Status.ToString(), hop.Error, hop.Source?.Exit, hop.Destination?.Exit,
            hop.Source?.Argv ?? [], hop.Destination?.Argv ?? [],
            NullIfEmpty(hop.Source?.StderrTail(6)), NullIfEmpty(hop.Destination?.StderrTail(6)),
            hop.AbiDifferences.Select(d => d.ToString()).ToArray(),
            hop.Timings.Migrate.TotalMilliseconds)
        {
            Checks = hop.Checks.Select(c => $"{c.Check}: {c.Verdict.Name()}: {c.Summary}").ToArray(),
            SourceMigration = hop.SourceMigration,
            DestinationMigration = hop.DestinationMigration,
        }).ToArray();
        return new CaseRecord(planned.Id, planned.Index, seed, planned.Scenario.Name, planned.Builds.Select(b => b.Name).ToArray(),
            planned.Config.MachineType, planned.Config, judgement.Verdict, judgement.Reason, confirmed.Flaky, confirmed.Confirmations,
            FailureSignature.Of(outcome, spec, causes), hops,
            Math.Round(outcome.Duration.TotalMilliseconds, 1))
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
