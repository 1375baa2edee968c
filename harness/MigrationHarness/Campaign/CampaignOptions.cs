namespace MigrationHarness.Campaign;

/// <summary>The validated, immutable options of one campaign (the CLI builds them in one place).</summary>
public sealed record CampaignOptions(ulong Seed, long? Cases, TimeSpan? Budget, int Parallel, int Confirmations)
{
    /// <summary>Plants faults into the cases (tests prove a campaign judges every way QEMU can fail); null in real campaigns.</summary>
    public Func<PlannedCase, Runner.CaseSpec, Runner.CaseSpec>? Plant { get; init; }

    public static int DefaultParallel => Math.Max(1, Environment.ProcessorCount);
}
