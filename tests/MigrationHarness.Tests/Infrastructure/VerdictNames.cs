using MigrationHarness.Model;

namespace MigrationHarness.Tests.Infrastructure;

/// <summary>Hand-made records name their verdicts as files do ("abi-drift").</summary>
public static class VerdictNames
{
    public static Verdict AsVerdict(this string name) => VerdictTable.Parse(name) ?? throw new ArgumentException($"no verdict is called '{name}'", nameof(name));
}
