namespace MigrationHarness.Campaign;

/// <summary>
/// A run's <c>--budget</c>, which bounds the whole run from the moment the command started: the
/// cases (with their confirmations) stop early enough to leave the reproducers their share, the
/// reproducers stop at <see cref="ReproducersUntil"/>, and the reports are written in the margin
/// left after that. What does not fit is left for later with the command that finishes it.
/// </summary>
public sealed record RunBudget(DateTime Started, TimeSpan Total)
{
    /// <summary>Kept at the end for tiers, reports and exports (seconds on a campaign of hundreds of cases).</summary>
    public static readonly TimeSpan ReportMargin = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The share kept for shrinking and writing reproducers: a quarter of the budget, at least 30 s
    /// (half a budget shorter than a minute) and at most 10 min; cases in flight when the cases
    /// stop also finish in it.
    /// </summary>
    public TimeSpan Reserve => Clamp(Total / 4, Total / 2 < TimeSpan.FromSeconds(30) ? Total / 2 : TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10));

    /// <summary>How long cases may still start from <paramref name="now"/> (zero when that time is spent).</summary>
    public TimeSpan CasesLeft(DateTime now) => Clamp(Started + Total - Reserve - now, TimeSpan.Zero, Total);

    /// <summary>When the last reproducer must be written.</summary>
    public DateTime ReproducersUntil => Started + Total - ReportMargin;

    private static TimeSpan Clamp(TimeSpan value, TimeSpan low, TimeSpan high) => value < low ? low : value > high ? high : value;
}
