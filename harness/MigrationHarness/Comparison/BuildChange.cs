namespace MigrationHarness.Comparison;

/// <summary>A build whose QEMU version or image differs between two runs (why their results may differ).</summary>
public sealed record BuildChange(string Name, string? Before, string? After);
