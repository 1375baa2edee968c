namespace MigrationHarness.Tiers;

/// <summary>
/// What a tier row rests on: hop counts per direction, distinct configs and running guests among
/// the passes, refusals the scenario expected (never a clean failure), flaky hops (reported apart,
/// never broken), hops per scenario, and the cases behind each negative count.
/// </summary>
public sealed record TierEvidence(
    int ForwardPass, int ForwardReject, int BackwardPass, int BackwardReject,
    int ForwardConfigs, int BackwardConfigs, int ForwardRunning, int BackwardRunning,
    int ExpectedRejects, int Broken, int Unsupported, int FlakyHops,
    IReadOnlyDictionary<string, int> Scenarios,
    IReadOnlyList<string> BrokenCases, IReadOnlyList<string> RejectCases, IReadOnlyList<string> FlakyCases)
{
    public static readonly TierEvidence None = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, new Dictionary<string, int>(), [], [], []);

    /// <summary>The classes of the config space the row's judged cases exercised, and those of its universe they did not.</summary>
    public Coverage.CoverageCounts Coverage { get; init; } = MigrationHarness.Coverage.CoverageCounts.None;

    /// <summary>Hops that drifted only in ways QEMU does not promise (accelerator growth, CPU mode, intended changes): neither broken nor passing.</summary>
    public int NotPromised { get; init; }

    /// <summary>Short, for a terminal: "fwd 4 ok (3 cfg, 1 run) · bwd 2 ok (2 cfg, 0 run), 1 rej · broken 1 · flaky 1".</summary>
    public string Compact =>
        $"fwd {ForwardPass} ok ({ForwardConfigs} cfg, {ForwardRunning} run)" + (ForwardReject > 0 ? $", {ForwardReject} rej" : "") +
        $" · bwd {BackwardPass} ok ({BackwardConfigs} cfg, {BackwardRunning} run)" + (BackwardReject > 0 ? $", {BackwardReject} rej" : "") +
        (Broken > 0 ? $" · broken {Broken}" : "") + (FlakyHops > 0 ? $" · flaky {FlakyHops}" : "") + (ExpectedRejects > 0 ? $" · expected rej {ExpectedRejects}" : "") +
        (NotPromised > 0 ? $" · not promised {NotPromised}" : "");

    /// <summary>One line: "fwd 4 ok (3 configs, 1 running)/0 refused · bwd 2 ok (2, 0)/1 · broken 0 · flaky 1".</summary>
    public string Summary =>
        $"fwd {ForwardPass} ok ({ForwardConfigs} configs, {ForwardRunning} running)/{ForwardReject} refused · " +
        $"bwd {BackwardPass} ok ({BackwardConfigs} configs, {BackwardRunning} running)/{BackwardReject} refused · broken {Broken}" +
        (FlakyHops > 0 ? $" · flaky {FlakyHops}" : "") + (ExpectedRejects > 0 ? $" · expected refusals {ExpectedRejects}" : "") +
        (NotPromised > 0 ? $" · drifted as not promised {NotPromised}" : "");
}
