using MigrationHarness.Model;

namespace MigrationHarness.Comparison;

/// <summary>A distinct failure (by signature) that appeared, went away, or was not looked for again between two runs.</summary>
public sealed record FailureChange(string Signature, Verdict Verdict, string CaseId, string Scenario, IReadOnlyList<string> Builds, string MachineType, string Reason, int Count);
