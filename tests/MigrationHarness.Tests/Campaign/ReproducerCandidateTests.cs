using MigrationHarness.Campaign;
using MigrationHarness.Tests.Exporters;

namespace MigrationHarness.Tests.Campaign;

/// <summary>Which case a finding's reproducer is made from, and which of its other cases stand in when that one does not fail again.</summary>
public sealed class ReproducerCandidateTests
{
    [Fact]
    public void A_failing_finding_gets_its_first_breaking_case_and_the_next_two_where_it_broke_the_promise_as_stand_ins()
    {
        var crash = FixedRun.Cases().Single(c => c.Id == "c000006");
        var records = FixedRun.Cases()
            .Append(crash with { Id = "c000010", Index = 10 })
            .Append(crash with { Id = "c000011", Index = 11, Flaky = true })
            .Append(crash with { Id = "c000012", Index = 12 })
            .Append(crash with { Id = "c000013", Index = 13 })
            .ToArray();

        var candidates = ReproducerPipeline.Representatives(records, "AMD EPYC");

        var candidate = Assert.Single(candidates, c => c.Case.Id == "c000006");
        // A flaky case is in no finding, so it stands in for none; at most two stand in, in the order they ran.
        Assert.Equal(["c000010", "c000012"], candidate.StandIns.Select(c => c.Id));
        // The drift no promise covers gets no reproducer in a run bounded by a budget, and so no stand-ins either.
        Assert.DoesNotContain(candidates, c => c.Case.Id == "c000004");
        Assert.All(candidates.Where(c => c.Case.Id != "c000006"), c => Assert.Empty(c.StandIns));
    }
}
