using MigrationHarness.Configs;
using MigrationHarness.Model;

namespace MigrationHarness.Records;

/// <summary>
/// One line of <c>cases.jsonl</c>: a judged case with what it takes to replay it (seed, index,
/// config, scenario, builds) and the evidence summary. Written whole and flushed when a case ends.
/// </summary>
public sealed record CaseRecord(
    string Id,
    long Index,
    ulong Seed,
    string Scenario,
    IReadOnlyList<string> Builds,
    string MachineType,
    VmConfig Config,
    Verdict Verdict,
    string Reason,
    bool Flaky,
    IReadOnlyList<string> Confirmations,
    string? Signature,
    IReadOnlyList<HopSummary> Hops,
    double DurationMs)
{
    /// <summary>
    /// The index of the earlier case whose re-runs confirmed the same failure signature on the same
    /// builds, machine type and guest mode, or the same verdict from the same known bugs of the upstream
    /// history anywhere; this case was not re-run (its confirmations are empty).
    /// </summary>
    public long? ConfirmedBy { get; init; }

    /// <summary>What the first source's CPU refused when the guest turned features on (CR0, CR4, XCR0, EFER, paging); the guest came up without them.</summary>
    public IReadOnlyList<string> GuestRefused { get; init; } = [];

    /// <summary>How long this case's confirmation re-runs took together (0 when it had none).</summary>
    public double ConfirmationMs { get; init; }

    /// <summary>For a regression case: the reproducer folder it replays.</summary>
    public string? Origin { get; init; }

    /// <summary>For a regression case: the verdict its reproducer recorded, to tell "still fails" from "fixed".</summary>
    public Verdict? PreviousVerdict { get; init; }

    /// <summary>The engine the case ran on (one of the manifest's <see cref="RunManifest.Engines"/>), and its host's facts.</summary>
    public string? Engine { get; init; }
    public Qemu.HostFacts? EngineHost { get; init; }

    /// <summary>
    /// Every cause the judged hop showed (a drift is split into atomic differences, each attributed),
    /// promise-breaking first; the case belongs to one finding per cause. Empty for a pass.
    /// </summary>
    public IReadOnlyList<Analysis.Causes.CaseCause> Causes { get; init; } = [];

    public string MachineFamily => Configs.Capabilities.MachineTypes.Family(MachineType);

    /// <summary>Whether the case says anything about QEMU (not-applicable and infra-error cases judge nothing).</summary>
    public bool Judged => Verdict is not (Verdict.NotApplicable or Verdict.InfraError);
}

/// <summary>One hop of a recorded case, with the evidence a reader needs without the reproducer.</summary>
public sealed record HopSummary(string From, string To, Verdict Verdict, string Status, string? Error, string? SourceExit, string? DestinationExit,
    IReadOnlyList<string> SourceArgv, IReadOnlyList<string> DestinationArgv, string? SourceStderrTail, string? DestinationStderrTail,
    IReadOnlyList<string> AbiDifferences, double MigrateMs)
{
    /// <summary>A hop of which nothing ran (a case judged before its first migration): its builds and verdict, no evidence.</summary>
    public static HopSummary NotStarted(string from, string to, Verdict verdict) =>
        new(From: from, To: to, Verdict: verdict, Status: "", Error: null, SourceExit: null, DestinationExit: null, SourceArgv: [], DestinationArgv: [],
            SourceStderrTail: null, DestinationStderrTail: null, AbiDifferences: [], MigrateMs: 0);

    /// <summary>Each check's conclusion for this hop ("guest-memory: pass: 676 pages equal on both sides").</summary>
    public IReadOnlyList<string> Checks { get; init; } = [];

    /// <summary>How each side ended the migration, as it reported it.</summary>
    public string? SourceMigration { get; init; }
    public string? DestinationMigration { get; init; }
}
