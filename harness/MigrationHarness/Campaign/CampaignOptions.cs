namespace MigrationHarness.Campaign;

/// <summary>The validated, immutable options of one campaign (the CLI builds them in one place).</summary>
public sealed record CampaignOptions(ulong Seed, long? Cases, TimeSpan? Budget, int Parallel, int Confirmations)
{
    public static int DefaultParallel => Math.Max(1, Environment.ProcessorCount);
}
