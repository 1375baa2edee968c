using MigrationHarness.Abi;
using MigrationHarness.Analysis.Differences;
using MigrationHarness.Analysis.History;
using MigrationHarness.Checks;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;

namespace MigrationHarness.Analysis.Causes;

/// <summary>
/// The vCPU properties could change how a hop's drift is attributed unless every difference is already
/// explained by what <see cref="CauseAttribution"/> tries before a compat property: the CPU mode, what the
/// accelerator filtered, an intended upstream change. Under TCG that is most drift, so most drifting hops
/// skip the per-vCPU reads.
/// </summary>
public sealed class CpuPropertyRelevance(UpstreamHistory history) : IDriftExplainer
{
    public static readonly CpuPropertyRelevance Default = new(UpstreamHistory.Default);

    public bool CpuPropertiesCouldExplain(IReadOnlyList<CheckResult> results, CaseSpec spec, Hop hop)
    {
        var cpu = results.Select(r => r.Cpu).OfType<CpuEvidence>().FirstOrDefault() ?? CpuEvidence.None;
        var evidence = new CauseEvidence(spec.Config.Accelerator.ToString().ToLowerInvariant(),
            hop.From, spec.Build(hop.From).Version, hop.To, spec.Build(hop.To).Version)
        {
            SourceFiltered = cpu.SourceFiltered, DestinationFiltered = cpu.DestinationFiltered, Vendor = cpu.Vendor,
        };
        var causes = CauseAttribution.Attribute(AtomicDifferences.Of(results.SelectMany(r => r.Differences)), evidence, history);
        return causes.Any(c => c.Kind is not (CauseKind.CpuMode or CauseKind.AcceleratorCapability or CauseKind.IntendedChange));
    }

    /// <summary>Only the properties <see cref="CompatPropertyMap"/> knows can attribute a difference (see <see cref="CauseAttribution"/>).</summary>
    public IReadOnlyCollection<string>? ExplainingCpuProperties => CompatPropertyMap.Properties;
}
