using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Diagnosis;

namespace MigrationHarness.Tests.Diagnosis;

/// <summary>What a bracketing says from its replays: where the finding shows, which side is to blame, the first failing build.</summary>
public sealed class BracketingTests
{
    private static readonly (string Name, string Version)[] Builds = [("qemu-7.2", "7.2.22"), ("qemu-10.0", "10.0.13"), ("qemu-11.1", "11.1.3")];

    private static Bracketing Of(Func<string, string, bool> seen, Func<string, string, string>? verdict = null) =>
        new("F00000000", Builds.SelectMany(f => Builds.Select(t => new BracketRun(f.Name, f.Version, t.Name, t.Version,
            (verdict?.Invoke(f.Name, t.Name) ?? (seen(f.Name, t.Name) ? "crash" : "pass")).AsVerdict(), seen(f.Name, t.Name), ""))).ToArray(), Complete: true);

    [Fact]
    public void A_source_that_fails_with_every_destination_is_to_blame_and_its_oldest_build_fails_first()
    {
        var bracketing = Of((from, _) => from != "qemu-7.2");

        Assert.StartsWith("the source: qemu-10.0, qemu-11.1", bracketing.Blame);
        Assert.Equal("qemu-10.0 (10.0.13)", bracketing.FirstFailingBuild);
        Assert.Contains("not on qemu-7.2→qemu-7.2", bracketing.Summary);
    }

    [Fact]
    public void A_destination_that_fails_with_every_source_is_to_blame()
    {
        var bracketing = Of((_, to) => to == "qemu-11.1");

        Assert.StartsWith("the destination: qemu-11.1", bracketing.Blame);
        Assert.Equal("qemu-11.1 (11.1.3)", bracketing.FirstFailingBuild);
    }

    [Fact]
    public void A_finding_of_one_pair_only_blames_the_pair_and_a_build_that_cannot_run_the_config_is_left_out()
    {
        var pair = Of((from, to) => from == "qemu-10.0" && to == "qemu-11.1");
        var withoutOldest = Of((from, _) => from != "qemu-7.2", (from, to) => from == "qemu-7.2" || to == "qemu-7.2" ? "not-applicable" : "crash");

        Assert.StartsWith("the pair", pair.Blame);
        Assert.StartsWith("the source: qemu-10.0, qemu-11.1", withoutOldest.Blame);
        Assert.DoesNotContain("qemu-7.2", string.Join(",", withoutOldest.NotOn));
    }

    [Fact]
    public void A_finding_no_replay_showed_is_not_reproduced()
    {
        var bracketing = Of((_, _) => false);

        Assert.Equal("not reproduced on these builds", bracketing.Blame);
        Assert.Null(bracketing.FirstFailingBuild);
    }
}
