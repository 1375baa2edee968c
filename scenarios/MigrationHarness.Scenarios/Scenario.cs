using System.Collections.Immutable;

namespace MigrationHarness.Scenarios;

/// <summary>
/// Steps over builds: which migrations happen in which order, with a paused or running guest, and
/// how the destination spells the config. Builds are given oldest first.
/// </summary>
public sealed record Scenario(ScenarioKind Kind, GuestMode Guest, Spelling Spelling = Spelling.Same)
{
    public ExpectedOutcome Expected => Spelling == Spelling.NumaMemToMemdev ? ExpectedOutcome.CleanReject : ExpectedOutcome.Pass;

    /// <summary>A short stable name, e.g. "round-trip/running" or "equivalent-spelling/cpu-alias/paused".</summary>
    public string Name => string.Join('/', new[]
    {
        Kebab(Kind.ToString()),
        Spelling == Spelling.Same ? null : Spelling == Spelling.CpuAliasToVersioned ? "cpu-alias" : "numa-mem",
        Guest == GuestMode.Paused ? "paused" : "running",
    }.Where(p => p is not null));

    /// <summary>The migrations this scenario makes between <paramref name="builds"/> (a pair for most kinds; any number for a chain).</summary>
    public ImmutableArray<Hop> Hops(IReadOnlyList<string> builds)
    {
        if (builds.Count < 2) throw new ArgumentException("a scenario needs at least two builds", nameof(builds));
        var (older, newer) = (builds[0], builds[^1]);
        return Kind switch
        {
            ScenarioKind.Forward or ScenarioKind.HotplugThenMigrate or ScenarioKind.EquivalentSpelling => [new Hop(older, newer)],
            ScenarioKind.Backward => [new Hop(newer, older)],
            ScenarioKind.RoundTrip => [new Hop(older, newer), new Hop(newer, older)],
            ScenarioKind.Chain => [.. builds.Zip(builds.Skip(1), (a, b) => new Hop(a, b)), .. builds.Reverse().Zip(builds.Reverse().Skip(1), (a, b) => new Hop(a, b))],
            _ => throw new ArgumentOutOfRangeException(nameof(builds)),
        };
    }

    public static Scenario Parse(string name)
    {
        var parts = name.Split('/');
        var guest = parts[^1] switch
        {
            "paused" => GuestMode.Paused,
            "running" => GuestMode.Running,
            _ => throw new FormatException($"scenario '{name}' must end in /paused or /running"),
        };
        var kind = Enum.GetValues<ScenarioKind>().FirstOrDefault(k => Kebab(k.ToString()) == parts[0], (ScenarioKind)(-1));
        if ((int)kind < 0) throw new FormatException($"unknown scenario '{parts[0]}'; known: {string.Join(", ", Enum.GetValues<ScenarioKind>().Select(k => Kebab(k.ToString())))}");
        var spelling = parts.Length == 3 ? parts[1] switch
        {
            "cpu-alias" => Spelling.CpuAliasToVersioned,
            "numa-mem" => Spelling.NumaMemToMemdev,
            _ => throw new FormatException($"unknown spelling '{parts[1]}' (cpu-alias or numa-mem)"),
        } : Spelling.Same;
        return new Scenario(kind, guest, spelling);
    }

    /// <summary>The scenarios a default campaign runs.</summary>
    public static readonly ImmutableArray<Scenario> Defaults =
    [
        new(ScenarioKind.Forward, GuestMode.Paused), new(ScenarioKind.Backward, GuestMode.Paused),
        new(ScenarioKind.Forward, GuestMode.Running), new(ScenarioKind.Backward, GuestMode.Running),
        new(ScenarioKind.RoundTrip, GuestMode.Paused), new(ScenarioKind.HotplugThenMigrate, GuestMode.Paused),
    ];

    private static string Kebab(string pascal) => string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public override string ToString() => Name;
}
