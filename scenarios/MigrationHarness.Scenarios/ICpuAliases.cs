namespace MigrationHarness.Scenarios;

/// <summary>What a build says a CPU model alias stands for (its <c>alias-of</c>); null when the name is no alias.</summary>
public interface ICpuAliases
{
    Task<string?> TargetOfAsync(string model, CancellationToken cancellationToken = default);
}
