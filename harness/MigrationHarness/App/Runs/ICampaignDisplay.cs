using MigrationHarness.Records;

namespace MigrationHarness.App.Runs;

/// <summary>What shows a campaign while it runs (a live panel on a terminal, plain lines in a log).</summary>
public interface ICampaignDisplay
{
    /// <summary>Runs <paramref name="campaign"/> while showing its progress.</summary>
    Task<T> RunAsync<T>(Func<Task<T>> campaign);

    /// <summary>Called once per finished case, from any worker.</summary>
    void OnCase(CaseRecord record);
}
