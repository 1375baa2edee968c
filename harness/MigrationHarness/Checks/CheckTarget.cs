using MigrationHarness.Configs;
using MigrationHarness.Guest;
using MigrationHarness.Qemu;
using MigrationHarness.Model;

namespace MigrationHarness.Checks;

/// <summary>One side as a check reads it: the QEMU, the config it was started with, the moment and the case's limits.</summary>
public sealed record CheckTarget(QemuInstance Instance, VmConfig Config, CheckMoment Moment, CaseLimits Limits)
{
    public GuestInspector Guest { get; } = new(Instance);

    /// <summary>
    /// Whether the fingerprint also reads the vCPU's scalar QOM properties now (a few hundred
    /// <c>qom-get</c>s). Only a first source whose case has several hops does: a later hop's
    /// drift is explained against it after it is gone. Otherwise both sides are read only when a
    /// hop drifts (<see cref="Runner.CaseRunner"/>).
    /// </summary>
    public bool ReadCpuProperties { get; init; }

    /// <summary>With <see cref="ReadCpuProperties"/>: only these properties, the ones that can explain a drift (null: all).</summary>
    public IReadOnlyCollection<string>? CpuPropertyNames { get; init; }
}
