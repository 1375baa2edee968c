namespace MigrationHarness.Findings;

/// <summary>Where a finding was seen: one (source → destination, machine type, scenario, accelerator) and how many cases there.</summary>
public sealed record FindingOccurrence(string Source, string Destination, string MachineType, string Scenario, string Accelerator, int Cases);
