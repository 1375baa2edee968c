using System.Globalization;
using MigrationHarness.Results;

namespace MigrationHarness.App.Runs;

/// <summary>
/// A resumed run (or a replay of a recorded one) takes builds, scenarios, pairs, machine filter,
/// shard and seed from its manifest; any of them given on the command line must say the same, or
/// the run is refused in one line naming the option: two campaigns never mix in one log.
/// </summary>
public static class RunPlanCheck
{
    public static void AgainstManifest(RunRequest request, RunManifest manifest)
    {
        void Refuse(string option, string given, string recorded) =>
            throw new BadInputException($"{option} {given} contradicts the recorded run ({recorded}); drop it to take the run's own");

        if (request.Seed is { } s && s != manifest.Seed) Refuse("--seed", s.ToString(CultureInfo.InvariantCulture), $"seed {manifest.Seed}");
        if (request.Builds is { Count: > 0 } builds && !SameSet(builds, manifest.Builds.Select(b => b.Name)))
            Refuse("--build", string.Join(",", builds), "builds " + string.Join(",", manifest.Builds.Select(b => b.Name)));
        if (request.Scenarios is { Count: > 0 } scenarios && !SameSet(scenarios.Select(n => RunOptionText.Scenario(n).Name), manifest.Scenarios))
            Refuse("--scenario", string.Join(",", scenarios), "scenarios " + string.Join(",", manifest.Scenarios));
        if (manifest.Fingerprint is { } fingerprint)
        {
            if (request.Pairs is { Count: > 0 } pairs && !SameSet(pairs.Select(p => NormalisePair(p, fingerprint.Pairs)), fingerprint.Pairs))
                Refuse("--pair", string.Join(",", pairs), "pairs " + string.Join(",", fingerprint.Pairs));
            if (request.MachinePattern is { } m && m != fingerprint.MachineFilter) Refuse("--machine", m, $"machine filter {fingerprint.MachineFilter ?? "none"}");
        }
        if (request.Shard is { } k && k != (manifest.Shard ?? "1/1")) Refuse("--shard", k, $"shard {manifest.Shard ?? "none"}");
    }

    private static bool SameSet(IEnumerable<string> a, IEnumerable<string> b) => a.ToHashSet(StringComparer.Ordinal).SetEquals(b);

    /// <summary>A pair given either way round reads as the recorded OLDER:NEWER.</summary>
    private static string NormalisePair(string pair, IReadOnlyList<string> recorded) =>
        pair.Split(':') is [var a, var b] && recorded.Contains($"{b}:{a}") ? $"{b}:{a}" : pair;
}
