using MigrationHarness.Configs;
using MigrationHarness.Qemu;

namespace MigrationHarness.Campaign;

/// <summary>
/// The accelerators a campaign runs its cases under (<c>--accel</c>): <c>auto</c> takes KVM when
/// the engine's host opens <c>/dev/kvm</c> and the project's guest came up under it (a canary
/// boot, <see cref="AcceleratorDecision"/>), and TCG otherwise; <c>kvm</c> and <c>tcg</c> take one;
/// <c>both</c> runs every pair under each, so a finding that only one shows is a host or
/// accelerator matter rather than a QEMU change. Asking for KVM where the host has none is refused
/// before anything runs: every case would otherwise come back not applicable.
/// </summary>
public sealed record AcceleratorChoice(string Spelling)
{
    public static readonly AcceleratorChoice Auto = new("auto");

    public static AcceleratorChoice Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" or "kvm" or "tcg" or "both" => new AcceleratorChoice(text.Trim().ToLowerInvariant()),
        _ => throw new BadInputException($"--accel {text}: expected kvm, tcg, both or auto"),
    };

    /// <summary>The accelerators this choice means on <paramref name="host"/>, KVM first.</summary>
    public IReadOnlyList<Accelerator> Resolve(HostFacts host) => Spelling switch
    {
        "auto" => [host.Accelerator],
        "tcg" => [Accelerator.Tcg],
        "kvm" or "both" when !host.KvmUsable =>
            throw new BadInputException($"--accel {Spelling}: KVM is not usable on the engine's host ({host.AcceleratorReason ?? "no usable /dev/kvm"}; {host.CpuModel}); use --accel tcg"),
        "kvm" => [Accelerator.Kvm],
        _ => [Accelerator.Kvm, Accelerator.Tcg],
    };

    /// <summary>How a run records its accelerators: <c>kvm</c>, <c>tcg</c> or <c>kvm+tcg</c>.</summary>
    public static string Name(IReadOnlyList<Accelerator> accelerators) => string.Join('+', accelerators.Select(Name));

    public static string Name(Accelerator accelerator) => accelerator.ToString().ToLowerInvariant();

    /// <summary>The accelerators a run recorded with <see cref="Name(IReadOnlyList{Accelerator})"/>.</summary>
    public static IReadOnlyList<Accelerator> FromName(string recorded) =>
        recorded.Split('+').Select(part => part switch
        {
            "kvm" => Accelerator.Kvm,
            "tcg" => Accelerator.Tcg,
            _ => throw new BadInputException($"the run records accelerator '{recorded}', expected kvm, tcg or kvm+tcg"),
        }).ToArray();
}
