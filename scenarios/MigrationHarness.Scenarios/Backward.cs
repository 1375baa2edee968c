using System.Collections.Immutable;

namespace MigrationHarness.Scenarios;

/// <summary>Newer build → older build: promised only by some downstreams.</summary>
public sealed record Backward(GuestMode Guest) : Scenario(Guest)
{
    public override string Kind => "backward";

    /// <summary>The destination gets the source's CPU pinned (<see cref="CpuPinning"/>), as a management stack sends it.</summary>
    public bool PinnedCpu { get; init; }

    public override string? Spelling => PinnedCpu ? CpuPinning.Spelling : null;

    public override Task<Configs.VmConfig> RespellAsync(Configs.VmConfig config, ICpuAliases aliases, CancellationToken cancellationToken = default) =>
        PinnedCpu ? CpuPinning.PinAsync(config, aliases, cancellationToken) : Task.FromResult(config);
    protected override ImmutableArray<Hop> HopsOver(IReadOnlyList<string> builds) => [new Hop(builds[^1], builds[0])];
}
