using System.Security.Cryptography;
using System.Text;
using MigrationHarness.Results;

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

    /// <param name="replayed">Host-dependence labels a replay under the other accelerator gave, by finding id (they override the label from where it was seen).</param>
    public static IReadOnlyList<Finding> From(IEnumerable<CaseRecord> records, string hostCpu, IReadOnlyDictionary<string, HostDependence>? replayed = null)
    {
        return records.Where(r => r.Signature is not null && !r.Flaky)
            .GroupBy(r => IdentityOf(r.Signature!), StringComparer.Ordinal)
            .Select(g =>
            {
                var cases = g.OrderBy(r => r.Index).ToArray();
                var parts = g.Key.Split(" | ", 2);
                var seenOn = cases.Select(r => (Hop: FailedHop(r), r))
                    .GroupBy(x => (x.Hop.From, x.Hop.To, x.r.MachineType, x.r.Scenario, Accelerator: x.r.Config.Accelerator.ToString().ToLowerInvariant()))
                    .Select(o => new FindingOccurrence(o.Key.From, o.Key.To, o.Key.MachineType, o.Key.Scenario, o.Key.Accelerator, o.Count()))
                    .OrderBy(o => o.Source, StringComparer.Ordinal).ThenBy(o => o.Destination, StringComparer.Ordinal)
                    .ThenBy(o => o.MachineType, StringComparer.Ordinal).ThenBy(o => o.Scenario, StringComparer.Ordinal).ToArray();
                var host = seenOn.Any(o => o.Accelerator == "tcg") ? HostDependence.Independent
                    : replayed?.GetValueOrDefault(IdOf(g.Key)) ?? HostDependence.Unknown(hostCpu);
                return new Finding(IdOf(g.Key), g.Key, parts[0], parts.Length > 1 ? parts[1] : "", seenOn, cases.Select(r => r.Id).ToArray(),
                    cases[0].Id, cases[^1].Id, host);
            })
            // Most severe first, then the most widespread.
            .OrderByDescending(f => Oracles.VerdictTable.Severity(f.Verdict)).ThenByDescending(f => f.Count).ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToArray();
    }

    private static HopSummary FailedHop(CaseRecord record) =>
        record.Hops.FirstOrDefault(h => h.Verdict != "pass") ?? record.Hops.LastOrDefault()
        ?? new HopSummary(record.Builds.FirstOrDefault() ?? "?", record.Builds.LastOrDefault() ?? "?", record.Verdict, "", null, null, null, [], [], null, null, [], 0);
}
