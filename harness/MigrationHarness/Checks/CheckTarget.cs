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

    /// <summary>
    /// The ranges the guest writes, when the runner already knows them for this side: the first hop's source is the QEMU the
    /// guest booted on, which set its header's ranges, its highest APIC ID and its target list once before its loop, so what
    /// was read when it was ready still holds, and its destination must hold the same ranges. Null: the check reads them.
    /// </summary>
    public IReadOnlyList<(long Start, long End)>? WrittenRanges { get; init; }
}
