using MigrationHarness.Oracles;
using MigrationHarness.Qemu;

namespace MigrationHarness.Runner;

/// <summary>
/// How the first source came up: ready to migrate (with what every destination is compared
/// with), not applicable on this host (it cannot start or run the config), or failed in a way that
/// is a QEMU result of its own (it died or stopped answering at a step that must not kill it).
/// </summary>
internal sealed record SourceStart(QemuInstance? Source, SourceState? State, string? NotApplicable, HopObservation? Failure, SideEvidence? Evidence)
{
    public static SourceStart Ready(QemuInstance source, SourceState state) => new(source, state, null, null, state.FirstSourceEvidence);
    public static SourceStart Inapplicable(string reason, SideEvidence? evidence) => new(null, null, reason, null, evidence);
    public static SourceStart Failed(HopObservation failure) => new(null, null, null, failure, failure.Source);
}
