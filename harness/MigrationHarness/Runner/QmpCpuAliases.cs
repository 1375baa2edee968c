using System.Text.Json;
using MigrationHarness.Qmp;
using MigrationHarness.Scenarios;

namespace MigrationHarness.Runner;

/// <summary>A build's CPU model aliases as its <c>query-cpu-definitions</c> lists them (<c>alias-of</c>).</summary>
public sealed class QmpCpuAliases(QmpClient qmp, TimeSpan timeout) : ICpuAliases
{
    public async Task<string?> TargetOfAsync(string model, CancellationToken cancellationToken = default)
    {
        var definitions = await qmp.ExecuteAsync("query-cpu-definitions", timeout: timeout, cancellationToken: cancellationToken);
        var alias = definitions.EnumerateArray().FirstOrDefault(d => d.GetProperty("name").GetString() == model);
        return alias.ValueKind == JsonValueKind.Object && alias.TryGetProperty("alias-of", out var target) ? target.GetString() : null;
    }
}
