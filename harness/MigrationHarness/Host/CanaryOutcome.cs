
namespace MigrationHarness.Host;

/// <summary>
/// What the canary boot showed: whether the project's guest came up (its header says it runs its
/// loop) under the accelerator tried, and if not, what stopped it (QEMU's own error, the fault the
/// guest recorded, or where its boot processor was), and how long it took.
/// </summary>
public sealed record CanaryOutcome(bool CameUp, string Detail, TimeSpan Took);
