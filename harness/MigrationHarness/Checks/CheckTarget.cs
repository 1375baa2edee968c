using MigrationHarness.Configs;
using MigrationHarness.Guest;
using MigrationHarness.Qemu;
using MigrationHarness.Runner;

namespace MigrationHarness.Checks;

/// <summary>One side as a check reads it: the QEMU, the config it was started with, the moment and the case's limits.</summary>
public sealed record CheckTarget(QemuInstance Instance, VmConfig Config, CheckMoment Moment, CaseLimits Limits)
{
    public GuestInspector Guest { get; } = new(Instance);
}
