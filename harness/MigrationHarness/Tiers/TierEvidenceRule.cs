namespace MigrationHarness.Tiers;

/// <summary>
/// How much evidence a positive tier needs. A negative tier (broken, clean-failure) needs one
/// confirmed counterexample; a positive one is a claim about every config, so it needs several
/// distinct configs that passed in that direction, a running guest among them (a paused guest
/// cannot show dirty-page or CPUID-while-running bugs).
/// </summary>
public sealed record TierEvidenceRule(int MinimumConfigs, int MinimumRunning)
{
    public static readonly TierEvidenceRule Default = new(3, 1);

    public bool Enough(int distinctConfigs, int runningPasses) => distinctConfigs >= MinimumConfigs && runningPasses >= MinimumRunning;

    public override string ToString() => $"≥{MinimumConfigs} distinct passing configs per direction, ≥{MinimumRunning} with a running guest";
}
