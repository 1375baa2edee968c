namespace MigrationHarness.Scenarios;

/// <summary>
/// A paused guest tests device-state migration; a running guest (the project's own firmware)
/// keeps dirtying memory and lets the harness check every page and the guest's CPUID after.
/// </summary>
public enum GuestMode { Paused, Running }
