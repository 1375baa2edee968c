using MigrationHarness.Abi;
using MigrationHarness.Checks;
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
    IReadOnlyList<CheckResult> Checks,
    PhaseTimings Timings)
{
    /// <summary>How the outgoing side ended the migration, as it reported it (status, and its error when it failed).</summary>
    public string? SourceMigration { get; init; }

    /// <summary>How the incoming side ended it (status, or how it exited while loading).</summary>
    public string? DestinationMigration { get; init; }

    /// <summary>Every difference the checks found, in check order.</summary>
    public IReadOnlyList<AbiDifference> AbiDifferences => Checks.SelectMany(c => c.Differences).ToArray();

    /// <summary>A hop that ended at a failed step, before any check ran.</summary>
    public static HopObservation Failed(Scenarios.Hop hop, MigrationStatus status, string error, SideEvidence? source, SideEvidence? destination,
        bool sourceHealthy = false, PhaseTimings? timings = null) =>
        new(hop.From, hop.To, status, error, source, destination, sourceHealthy, [], timings ?? PhaseTimings.Zero);
}
