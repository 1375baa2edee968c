using MigrationHarness.Abi;
using MigrationHarness.Migration;

namespace MigrationHarness.Oracles;

/// <summary>What happened in one migration of a case, before judgement.</summary>
public sealed record HopObservation(
    string From,
    string To,
    MigrationStatus Status,
    string? Error,
    SideEvidence? Source,
    SideEvidence? Destination,
    bool SourceHealthyAfterFailure,
    IReadOnlyList<AbiDifference> AbiDifferences,
    string? MemoryProblem,
    string? ProgressProblem,
    PhaseTimings Timings);
