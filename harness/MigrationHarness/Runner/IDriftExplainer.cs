using MigrationHarness.Checks;
using MigrationHarness.Scenarios;

namespace MigrationHarness.Runner;

/// <summary>
/// Tells the runner whether reading the vCPUs' QOM properties (a round trip per vCPU on each side) could
/// change how a hop's drift is explained. The cause attribution above this layer knows; a runner given
/// none reads them for every drifting hop.
/// </summary>
public interface IDriftExplainer
{
    bool CpuPropertiesCouldExplain(IReadOnlyList<CheckResult> results, CaseSpec spec, Hop hop);
}
