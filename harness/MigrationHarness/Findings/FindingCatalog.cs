using System.Security.Cryptography;
using System.Text;
using MigrationHarness.Analysis.Causes;
using MigrationHarness.Results;
using MigrationHarness.Model;
using MigrationHarness.Records;

namespace MigrationHarness.Findings;

/// <summary>
/// Groups judged cases into findings: one per identity (the verdict and the exact thing that
/// failed), whatever pair, machine type or scenario showed it. Flaky cases are left out: a finding
/// is a failure that repeated.
/// </summary>
public static class FindingCatalog
{
    /// <summary>The identity of a signature ("verdict | from→to | family | detail"): its verdict and detail.</summary>
    public static string IdentityOf(string signature)
    {
        var parts = signature.Split(" | ", 4);
        return parts.Length == 4 ? $"{parts[0]} | {parts[3]}" : signature;
    }

    /// <summary>A short id that stays the same for the same identity on every run and host ("F" and 8 hex digits).</summary>
    public static string IdOf(string identity) =>
        "F" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..8];

    /// <summary>
    /// The findings of a run: one per cause identity ("verdict | cause: key"), whatever pair, machine
    /// type or scenario showed it; a case whose hop showed several causes is in each of their findings.
    /// A finding breaks a promise when any of its cases' causes did. Ranked for a maintainer (<see cref="FindingRank"/>).
    /// </summary>
    /// <param name="replayed">Host-dependence labels a replay under the other accelerator gave, by finding id (they override the label from where it was seen).</param>
    public static IReadOnlyList<Finding> From(IEnumerable<CaseRecord> records, string hostCpu, IReadOnlyDictionary<string, HostDependence>? replayed = null)
    {
        var memberships = records.Where(r => r.Signature is not null && !r.Flaky)
            .SelectMany(r => CausesOf(r).Select(c => (Identity: $"{r.Verdict.Name()} | {c.Detail}", Cause: c, Record: r)));
        return memberships
            .GroupBy(m => m.Identity, StringComparer.Ordinal)
            .Select(g =>
            {
                var cases = g.OrderBy(m => m.Record.Index).ThenBy(m => m.Record.Id, StringComparer.Ordinal).ToArray();
                var parts = g.Key.Split(" | ", 2);
                var seenOn = cases.Select(m => (Hop: FailedHop(m.Record), m.Record))
                    .GroupBy(x => (x.Hop.From, x.Hop.To, x.Record.MachineType, x.Record.Scenario, Accelerator: x.Record.Config.Accelerator.ToString().ToLowerInvariant()))
                    .Select(o => new FindingOccurrence(o.Key.From, o.Key.To, o.Key.MachineType, o.Key.Scenario, o.Key.Accelerator, o.Count()))
                    .OrderBy(o => o.Source, StringComparer.Ordinal).ThenBy(o => o.Destination, StringComparer.Ordinal)
                    .ThenBy(o => o.MachineType, StringComparer.Ordinal).ThenBy(o => o.Scenario, StringComparer.Ordinal).ToArray();
                var host = seenOn.Any(o => o.Accelerator == "tcg") ? HostDependence.Independent
                    : replayed?.GetValueOrDefault(IdOf(g.Key)) ?? HostDependence.Unknown(hostCpu);
                var breaking = cases.FirstOrDefault(m => m.Cause.Breaks);
                var first = breaking.Cause ?? cases[0].Cause;
                return new Finding(IdOf(g.Key), g.Key, VerdictTable.Parse(parts[0]) ?? cases[0].Record.Verdict, parts.Length > 1 ? parts[1] : "", seenOn, cases.Select(m => m.Record.Id).Distinct().ToArray(),
                    cases[0].Record.Id, cases[^1].Record.Id, host)
                {
                    Cause = first.Kind,
                    Key = first.Key,
                    Summary = first.Summary,
                    Reference = first.Reference,
                    BreaksPromise = breaking.Record is not null,
                    Promises = cases.Select(m => m.Cause.Promise).Where(p => p.Length > 0).Distinct().Order(StringComparer.Ordinal).ToArray(),
                    BrokenPromises = cases.Where(m => m.Cause.Breaks).Select(m => m.Cause.Promise).Where(p => p.Length > 0).Distinct().Order(StringComparer.Ordinal).ToArray(),
                    Differences = cases.SelectMany(m => m.Cause.Differences).Distinct().Take(12).ToArray(),
                    FirstBreakingCase = breaking.Record?.Id,
                    BreakingCases = cases.Where(m => m.Cause.Breaks).Select(m => m.Record.Id).Distinct().ToArray(),
                };
            })
            .OrderBy(f => f, FindingRank.Comparer)
            .ToArray();
    }

    /// <summary>A record's causes; a record written before causes were kept has one, from its signature.</summary>
    public static IReadOnlyList<CaseCause> CausesOf(CaseRecord record) =>
        record.Causes.Count > 0 ? record.Causes
        : record.Signature is null ? []
        : [new CaseCause(CauseKind.Failure, IdentityOf(record.Signature).Split(" | ", 2) is [_, var detail] ? detail : record.Signature, record.Reason, [])
            {
                Breaks = Model.VerdictTable.IsBroken(record.Verdict),
                Promise = record.Verdict is Verdict.Crash or Verdict.Hang or Verdict.DataLoss ? "never-crash-hang-or-lose-memory" : "recorded-before-causes",
            }];

    private static HopSummary FailedHop(CaseRecord record) =>
        record.Hops.FirstOrDefault(h => h.Verdict != Verdict.Pass) ?? record.Hops.LastOrDefault()
        ?? HopSummary.NotStarted(record.Builds.FirstOrDefault() ?? "", record.Builds.LastOrDefault() ?? "", record.Verdict);
}
