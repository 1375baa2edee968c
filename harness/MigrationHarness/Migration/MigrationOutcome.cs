namespace MigrationHarness.Migration;

/// <summary>What one migration did, with the evidence to judge it and the time each phase took.</summary>
public sealed record MigrationOutcome(MigrationStatus Status, string? Error, QemuSideReport? Source, QemuSideReport? Destination,
    PhaseTimings Timings, string? DestinationStatusAfterCont)
{
    public bool Succeeded => Status == MigrationStatus.Completed;
}
