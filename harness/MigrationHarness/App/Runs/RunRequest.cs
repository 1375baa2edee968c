namespace MigrationHarness.App.Runs;

/// <summary>
/// <c>mh run</c>'s options as the user gave them: lists are empty and values null where not given.
/// <see cref="RunSettings.Settle"/> turns them into one validated run configuration (with a resumed or
/// replayed run's manifest) before any container starts.
/// </summary>
public sealed record RunRequest
{
    public string? BuildsFile { get; init; }
    public IReadOnlyList<string> Builds { get; init; } = [];
    /// <summary>Pairs as typed, OLDER:NEWER.</summary>
    public IReadOnlyList<string> Pairs { get; init; } = [];
    public IReadOnlyList<string> Scenarios { get; init; } = [];
    public string? MachinePattern { get; init; }
    /// <summary>The budget as typed (90s, 10m, 1h).</summary>
    public string? Budget { get; init; }
    public long? Cases { get; init; }
    public ulong? Seed { get; init; }
    public int Parallel { get; init; } = Campaign.CampaignOptions.DefaultParallel;
    /// <summary>K/N as typed.</summary>
    public string? Shard { get; init; }
    public string? ResumeDirectory { get; init; }
    public long? ReplayIndex { get; init; }
    /// <summary>The run whose recorded case <see cref="ReplayIndex"/> replays.</summary>
    public string? ReplayFrom { get; init; }
    public int Confirmations { get; init; } = 2;
    public bool Shrink { get; init; } = true;
    public IReadOnlyList<string> Corpus { get; init; } = [];
    public string? Known { get; init; }
    public bool Steer { get; init; } = true;
    /// <summary>Engines as typed, ADDRESS[,certs=DIR][,slots=N].</summary>
    public IReadOnlyList<string> Engines { get; init; } = [];
    public string? Accelerator { get; init; }
    /// <summary>The command line the manifest records.</summary>
    public string CommandLine { get; init; } = "mh run";
}
