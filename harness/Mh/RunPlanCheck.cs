using System.CommandLine;
using MigrationHarness.Results;

namespace MigrationHarness.Cli;

/// <summary>
/// A resumed run (or a replay of a recorded one) takes builds, scenarios, pairs, machine filter,
/// shard and seed from its manifest; any of them given on the command line must say the same, or
/// the run is refused in one line naming the option: two campaigns never mix in one log.
/// </summary>
public static class RunPlanCheck
{
    public static void AgainstManifest(ParseResult parse, RunManifest manifest, Option<string[]> build, Option<string[]> pair, Option<string[]> scenario,
        Option<string?> machine, Option<string?> shard, Option<ulong?> seed)
    {
        void Refuse(string option, string given, string recorded) =>
            throw new BadInputException($"{option} {given} contradicts the recorded run ({recorded}); drop it to take the run's own");

        if (parse.GetValue(seed) is { } s && s != manifest.Seed) Refuse("--seed", s.ToString(System.Globalization.CultureInfo.InvariantCulture), $"seed {manifest.Seed}");
        if (parse.GetValue(build) is { Length: > 0 } builds && !SameSet(builds, manifest.Builds.Select(b => b.Name)))
            Refuse("--build", string.Join(",", builds), "builds " + string.Join(",", manifest.Builds.Select(b => b.Name)));
        if (parse.GetValue(scenario) is { Length: > 0 } scenarios && !SameSet(scenarios.Select(Normalise), manifest.Scenarios))
            Refuse("--scenario", string.Join(",", scenarios), "scenarios " + string.Join(",", manifest.Scenarios));
        if (manifest.Fingerprint is { } fingerprint)
        {
            if (parse.GetValue(pair) is { Length: > 0 } pairs && !SameSet(pairs.Select(p => NormalisePair(p, fingerprint.Pairs)), fingerprint.Pairs))
                Refuse("--pair", string.Join(",", pairs), "pairs " + string.Join(",", fingerprint.Pairs));
            if (parse.GetValue(machine) is { } m && m != fingerprint.MachineFilter) Refuse("--machine", m, $"machine filter {fingerprint.MachineFilter ?? "none"}");
        }
        if (parse.GetValue(shard) is { } k && k != (manifest.Shard ?? "1/1")) Refuse("--shard", k, $"shard {manifest.Shard ?? "none"}");
    }

    private static bool SameSet(IEnumerable<string> a, IEnumerable<string> b) => a.ToHashSet(StringComparer.Ordinal).SetEquals(b);

    private static string Normalise(string scenario)
    {
        try { return Scenarios.Scenario.Parse(scenario).Name; }
        catch (FormatException ex) { throw new BadInputException("--scenario: " + ex.Message); }
    }

    /// <summary>A pair given either way round reads as the recorded OLDER:NEWER.</summary>
    private static string NormalisePair(string pair, IReadOnlyList<string> recorded) =>
        pair.Split(':') is [var a, var b] && recorded.Contains($"{b}:{a}") ? $"{b}:{a}" : pair;
}
