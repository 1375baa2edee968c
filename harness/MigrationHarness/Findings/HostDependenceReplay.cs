using MigrationHarness.Configs;
using MigrationHarness.Results;
using MigrationHarness.Runner;
using MigrationHarness.Records;

namespace MigrationHarness.Findings;

/// <summary>
/// Tells a QEMU change from a host quirk: a finding seen under KVM is replayed with the same config
/// under TCG (which emulates the CPU the same on every host). Failing the same way there makes it
/// host-independent; not failing so makes it host-dependent (KVM on this CPU model). A finding seen
/// under TCG is host-independent already.
/// </summary>
public static class HostDependenceReplay
{
    public static async Task<HostDependence> LabelAsync(CaseRunner runner, CaseSpec spec, CaseRecord failure, string hostCpu, CancellationToken cancellationToken)
    {
        if (spec.Config.Accelerator == Accelerator.Tcg || failure.Signature is null) return HostDependence.Independent;
        var identity = FindingCatalog.IdentityOf(failure.Signature);
        var tcg = spec with { Config = spec.Config with { Accelerator = Accelerator.Tcg } };
        string? seen = null;
        // Two tries: a failure that shows under TCG at all is the same bug there.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var outcome = await runner.RunAsync(tcg, cancellationToken);
            seen = FailureSignature.Of(outcome, tcg) is { } signature ? FindingCatalog.IdentityOf(signature) : outcome.Verdict.ToString();
            if (seen == identity) return HostDependence.Independent with { Why = $"seen under KVM on {hostCpu}, and the same under TCG" };
            if (outcome.Verdict == Model.Verdict.NotApplicable) return HostDependence.Unknown(hostCpu) with { Why = $"seen under KVM on {hostCpu}; the config cannot run under TCG" };
        }
        return HostDependence.Dependent(hostCpu) with { Why = $"seen under KVM on {hostCpu}; under TCG: {seen}" };
    }
}
