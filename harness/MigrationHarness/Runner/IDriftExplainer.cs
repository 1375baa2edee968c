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

    /// <summary>
    /// The vCPU QOM properties an explanation can use, so a side reads those few instead of every scalar property (some
    /// three hundred, a QMP round trip each); null reads them all.
    /// </summary>
    IReadOnlyCollection<string>? ExplainingCpuProperties { get; }
}
