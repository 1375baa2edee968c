using System.Collections.Immutable;

namespace MigrationHarness.Scenarios;

/// <summary>Every scenario the harness knows, by name: the one registration a new scenario needs.</summary>
public static class ScenarioCatalog
{
    /// <summary>Each scenario for a guest mode.</summary>
    public static readonly ImmutableArray<Func<GuestMode, Scenario>> All =
    [
        g => new Forward(g), g => new Backward(g), g => new RoundTrip(g), g => new Chain(g),
        g => new HotplugThenMigrate(g), g => new CpuAliasSpelling(g), g => new NumaMemSpelling(g),
        g => new Forward(g) { PinnedCpu = true }, g => new Backward(g) { PinnedCpu = true },
    ];

    public static readonly ImmutableArray<Scenario> Defaults =
    [
        new Forward(GuestMode.Paused), new Backward(GuestMode.Paused), new Forward(GuestMode.Running), new Backward(GuestMode.Running),
        new RoundTrip(GuestMode.Paused), new HotplugThenMigrate(GuestMode.Paused),
        // A TCG nightly still judges the guest CPU ABI: with the CPU pinned, accelerator growth cannot show.
        new Forward(GuestMode.Running) { PinnedCpu = true },
    ];

    public static Scenario Parse(string name)
    {
        var parts = name.Split('/');
        var guest = parts[^1] switch
        {
            "paused" => GuestMode.Paused,
            "running" => GuestMode.Running,
            _ => throw new FormatException($"scenario '{name}' must end in /paused or /running"),
        };
        var known = All.Select(make => make(guest)).ToArray();
        var kinds = known.Select(s => s.Kind).Distinct().ToArray();
        if (!kinds.Contains(parts[0])) throw new FormatException($"unknown scenario '{parts[0]}'; known: {string.Join(", ", kinds)}");
        var spelling = parts.Length == 3 ? parts[1] : null;
        return known.FirstOrDefault(s => s.Kind == parts[0] && s.Spelling == spelling)
               ?? throw new FormatException(spelling is null
                   ? $"scenario '{parts[0]}' needs a spelling ({string.Join(" or ", known.Where(s => s.Kind == parts[0]).Select(s => s.Spelling))})"
                   : $"unknown spelling '{spelling}' ({string.Join(" or ", known.Where(s => s.Kind == parts[0] && s.Spelling is not null).Select(s => s.Spelling))})");
    }
}
