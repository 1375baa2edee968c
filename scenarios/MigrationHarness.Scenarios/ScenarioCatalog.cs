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
        var parsed = ScenarioName.Parse(name);
        var known = All.Select(make => make(parsed.Mode)).ToArray();
        var kinds = known.Select(s => s.Kind).Distinct().ToArray();
        if (!kinds.Contains(parsed.Kind)) throw new FormatException($"unknown scenario '{parsed.Kind}'; known: {string.Join(", ", kinds)}");
        var spelling = parsed.Spelling;
        return known.FirstOrDefault(s => s.Kind == parsed.Kind && s.Spelling == spelling)
               ?? throw new FormatException(spelling is null
                   ? $"scenario '{parsed.Kind}' needs a spelling ({string.Join(" or ", known.Where(s => s.Kind == parsed.Kind).Select(s => s.Spelling))})"
                   : $"unknown spelling '{spelling}' ({string.Join(" or ", known.Where(s => s.Kind == parsed.Kind && s.Spelling is not null).Select(s => s.Spelling))})");
    }
}
