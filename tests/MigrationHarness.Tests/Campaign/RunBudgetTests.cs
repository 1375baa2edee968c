using MigrationHarness.Campaign;

namespace MigrationHarness.Tests.Campaign;

/// <summary>A --budget bounds the whole run: the cases leave the reproducers their share, the reports their margin.</summary>
public sealed class RunBudgetTests
{
    private static readonly DateTime Start = new(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Ten_minutes_leave_two_and_a_half_for_reproducers_and_the_cases_the_rest_counted_from_the_start()
    {
        var budget = new RunBudget(Start, TimeSpan.FromMinutes(10));

        Assert.Equal(TimeSpan.FromSeconds(150), budget.Reserve);
        Assert.Equal(TimeSpan.FromSeconds(450), budget.CasesLeft(Start));
        // Probing and planning took 20 s: the cases get 20 s less.
        Assert.Equal(TimeSpan.FromSeconds(430), budget.CasesLeft(Start.AddSeconds(20)));
        Assert.Equal(Start.AddMinutes(10) - RunBudget.ReportMargin, budget.ReproducersUntil);
    }

    [Theory]
    [InlineData(60, 30)]       // a quarter would be 15 s: at least 30 s
    [InlineData(40, 20)]       // but never more than half a short budget
    [InlineData(7200, 600)]    // and at most 10 min
    public void The_reserve_is_a_quarter_within_its_bounds(int totalSeconds, int reserveSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(reserveSeconds), new RunBudget(Start, TimeSpan.FromSeconds(totalSeconds)).Reserve);
    }

    [Fact]
    public void Once_the_cases_share_is_spent_no_case_starts()
    {
        var budget = new RunBudget(Start, TimeSpan.FromMinutes(10));

        Assert.Equal(TimeSpan.Zero, budget.CasesLeft(Start.AddMinutes(9)));
    }
}
