using MigrationHarness.Scenarios;

namespace MigrationHarness.Tests.Scenarios;

/// <summary>A recorded scenario name splits into kind, spelling and guest mode in one place.</summary>
public sealed class ScenarioNameTests
{
    [Theory]
    [InlineData("forward/paused", "forward", null, GuestMode.Paused, "forward")]
    [InlineData("forward/pinned-cpu/running", "forward", "pinned-cpu", GuestMode.Running, "forward/pinned-cpu")]
    [InlineData("equivalent-spelling/numa-mem/paused", "equivalent-spelling", "numa-mem", GuestMode.Paused, "equivalent-spelling/numa-mem")]
    public void A_name_has_its_kind_spelling_mode_and_family(string text, string kind, string? spelling, GuestMode mode, string family)
    {
        var name = ScenarioName.Parse(text);
        Assert.Equal((kind, spelling, mode, family), (name.Kind, name.Spelling, name.Mode, name.Family));
        Assert.Equal(text, name.ToString());
    }

    [Theory]
    [InlineData("forward")]
    [InlineData("forward/asleep")]
    [InlineData("a/b/c/paused")]
    public void A_name_without_a_mode_or_with_too_many_parts_is_refused(string text) =>
        Assert.Throws<FormatException>(() => ScenarioName.Parse(text));

    [Fact]
    public void Every_catalog_scenario_name_round_trips() =>
        Assert.All(ScenarioCatalog.All.SelectMany(make => new[] { make(GuestMode.Paused), make(GuestMode.Running) }),
            s => Assert.Equal(s.Name, ScenarioName.Parse(s.Name).ToString()));
}
