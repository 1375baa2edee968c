namespace MigrationHarness.Comparison;

/// <summary>One (older, newer, machine type) whose tier differs between two runs; <see cref="Worse"/> when it lost strength.</summary>
public sealed record TierChange(string Older, string Newer, string MachineType, string Before, string After, bool Worse);
