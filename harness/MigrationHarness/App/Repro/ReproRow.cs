using MigrationHarness.Model;

namespace MigrationHarness.App.Repro;

/// <summary>One direction a reproduction ran: the hop, the scenario (with the accelerator when several ran), the verdict, and the reproducer written for it.</summary>
public sealed record ReproRow(string Pair, string Scenario, Verdict Verdict, string Reason, string? Reproducer);
