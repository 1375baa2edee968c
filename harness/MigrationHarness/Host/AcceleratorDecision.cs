using MigrationHarness.Configs;

namespace MigrationHarness.Host;

/// <summary>
/// The accelerator an engine's host offers, decided by evidence: KVM only when <c>/dev/kvm</c>
/// opens and the project's guest came up under it (a canary boot); TCG otherwise, with why. A
/// <c>/dev/kvm</c> that opens is not enough: some hosts create the VM and then fault the guest's
/// first paging enable.
/// </summary>
public sealed record AcceleratorDecision(Accelerator Accelerator, string Reason)
{
    public static AcceleratorDecision Decide(bool forcedTcg, bool deviceOpens, CanaryOutcome? canary) =>
        forcedTcg ? new(Accelerator.Tcg, "MH_ACCEL=tcg asks for TCG")
        : !deviceOpens ? new(Accelerator.Tcg, "no usable /dev/kvm on the engine's host")
        : canary is null ? new(Accelerator.Tcg, "/dev/kvm opens, but no canary boot was made")
        : canary.CameUp ? new(Accelerator.Kvm, $"the guest came up under KVM in {canary.Took.TotalSeconds:0.0} s")
        : new(Accelerator.Tcg, $"/dev/kvm opens, but the guest did not come up under KVM: {canary.Detail}");
}
