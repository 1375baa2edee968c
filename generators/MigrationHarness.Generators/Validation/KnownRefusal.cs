using MigrationHarness.Configs.Capabilities;

namespace MigrationHarness.Configs.Validation;

/// <summary>
/// A combination QEMU refuses to start, for a reason in its own code, in every build from
/// <see cref="RefusedSince"/> on (and before <see cref="AcceptedSince"/>, once a release lifts it).
/// Where every build of a space refuses it, a case would only come back not applicable, so it is
/// not drawn; where some build accepts it, the difference is what a case is for, so it still is.
/// </summary>
/// <param name="Combination">What the config holds, as a user would write it.</param>
/// <param name="Error">The start error QEMU prints, so a reader can find it in QEMU's source.</param>
/// <param name="Applies">Whether a config holds the combination.</param>
public sealed record KnownRefusal(string Combination, string Error, QemuVersion RefusedSince, QemuVersion? AcceptedSince, Func<VmConfig, bool> Applies)
{
    public bool IsRefusedBy(QemuVersion version) => version >= RefusedSince && (AcceptedSince is null || version < AcceptedSince);

    /// <summary>Whether every build of <paramref name="space"/> (by its probed version) refuses the combination.</summary>
    public bool IsRefusedByEvery(ConfigSpace space) => space.Builds.All(b => IsRefusedBy(b.Version));
}
