using System.Text.RegularExpressions;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;

namespace MigrationHarness.Campaign;

/// <summary>
/// What makes two failures the same: verdict, normalised QEMU error text (numbers, addresses and
/// ids blanked) or the drifting aspects, the hop's builds and the machine-type family. Shrinking
/// must keep it; the report shows each signature once.
/// </summary>
public static partial class FailureSignature
{
    public static string? Of(CaseOutcome outcome, string machineFamily)
    {
        var judgement = outcome.Judgement;
        if (judgement.Verdict is Oracles.Verdict.Pass or Oracles.Verdict.NotApplicable or Oracles.Verdict.InfraError) return null;
        var hop = judgement.Hop is { } h && h < outcome.Observation.Hops.Count ? outcome.Observation.Hops[h] : null;
        var detail = hop is not null && hop.AbiDifferences.Count > 0
            ? string.Join(",", hop.AbiDifferences.Select(d => Normalise(d.Aspect)).Distinct().Order(StringComparer.Ordinal))
            : hop is { Status: Migration.MigrationStatus.MigrationFailed, Destination: { } destination } && CaseRunner.ErrorLines(destination.Stderr) is { Length: > 0 } refusal
                // The destination's refusal is the cause; the source's socket error ("Broken pipe", "Connection reset by peer") is a race.
                ? "destination: " + Normalise(refusal)
                : Normalise(judgement.Reason);
        return $"{Oracles.VerdictTable.Name(judgement.Verdict)} | {hop?.From}→{hop?.To} | {machineFamily} | {detail}";
    }

    /// <summary>Blanks what varies between runs of the same failure: numbers, hex, ids and paths.</summary>
    public static string Normalise(string text)
    {
        text = Paths().Replace(text, "<path>");
        text = Hex().Replace(text, "#");
        text = Numbers().Replace(text, "#");
        return text.Length > 300 ? text[..300] : text;
    }

    [GeneratedRegex(@"/mh/[^\s,;:'""]+")]
    private static partial Regex Paths();

    [GeneratedRegex(@"0x[0-9a-fA-F]+")]
    private static partial Regex Hex();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Numbers();
}
