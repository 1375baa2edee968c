using System.Collections.Immutable;
using MigrationHarness.Configs;

namespace MigrationHarness.Scenarios;

/// <summary>Forward, with the destination naming the versioned CPU model the source's alias resolves to: the same guest, written two ways.</summary>
public sealed record CpuAliasSpelling(GuestMode Guest) : Scenario(Guest)
{
    public override string Kind => "equivalent-spelling";
    public override string Spelling => "cpu-alias";
    protected override ImmutableArray<Hop> HopsOver(IReadOnlyList<string> builds) => [new Hop(builds[0], builds[^1])];

    public override async Task<VmConfig> RespellAsync(VmConfig config, ICpuAliases aliases, CancellationToken cancellationToken = default) =>
        await aliases.TargetOfAsync(config.Cpu.Model, cancellationToken) is { } target ? config with { Cpu = config.Cpu with { Model = target } } : config;
}
