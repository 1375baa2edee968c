using System.Collections.Immutable;
using MigrationHarness.Configs;

namespace MigrationHarness.Scenarios;

/// <summary>
/// Forward, with every pc-dimm of the config hot-plugged over QMP on the source before the
/// migration (the destination gets them on its command line at the source's slots and addresses,
/// as a management layer does).
/// </summary>
public sealed record HotplugThenMigrate(GuestMode Guest) : Scenario(Guest)
{
    public override string Kind => "hotplug-then-migrate";
    protected override ImmutableArray<Hop> HopsOver(IReadOnlyList<string> builds) => [new Hop(builds[0], builds[^1])];

    public override VmConfig Prepare(VmConfig config) =>
        config with { Dimms = new ValueList<Dimm>([.. config.Dimms.Select(d => d.Kind == DimmKind.PcDimm ? d with { Plug = PlugTime.Hot } : d)]) };
}
