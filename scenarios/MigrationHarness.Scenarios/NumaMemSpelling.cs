using System.Collections.Immutable;
using MigrationHarness.Configs;

namespace MigrationHarness.Scenarios;

/// <summary>
/// Forward, with NUMA memory given as legacy <c>mem=</c> on the source and as memdev backends on
/// the destination. The two lay out RAM blocks differently, so QEMU must refuse it cleanly.
/// </summary>
public sealed record NumaMemSpelling(GuestMode Guest) : Scenario(Guest)
{
    public override string Kind => "equivalent-spelling";
    public override string Spelling => "numa-mem";
    public override ExpectedOutcome Expected => ExpectedOutcome.CleanReject;
    protected override ImmutableArray<Hop> HopsOver(IReadOnlyList<string> builds) => [new Hop(builds[0], builds[^1])];

    public override Task<VmConfig> RespellAsync(VmConfig config, ICpuAliases aliases, CancellationToken cancellationToken = default) =>
        Task.FromResult(config with { Numa = config.Numa with { Backing = NumaBacking.Memdev } });
}
