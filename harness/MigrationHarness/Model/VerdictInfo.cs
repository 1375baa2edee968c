
namespace MigrationHarness.Model;

/// <summary>
/// Everything the rest of the harness needs to know about a verdict: its name in files, how bad it
/// is (the oracle keeps the most severe check result, the grid colours a cell by the worst hop),
/// its colours in HTML and on the console, and whether it is a QEMU bug whatever any support
/// promise says (<see cref="IsBroken"/>), and how urgent a finding of it is for a maintainer
/// (<see cref="Urgency"/>: the order findings and reproducers are listed in).
/// </summary>
public sealed record VerdictInfo(Verdict Verdict, string Name, int Severity, string HtmlColour, string ConsoleColour, bool IsBroken)
{
    /// <summary>
    /// A finding's urgency for a maintainer: data loss above a crash above a hang above a refusal above a
    /// drift (a guest losing memory silently is worse than one QEMU dying loudly); 0 for what is no finding.
    /// </summary>
    public int Urgency { get; init; }

    /// <summary>A verdict that is a result of QEMU's (not pass, not not-applicable, not infra-error).</summary>
    public bool IsFinding => Verdict is not (Verdict.Pass or Verdict.NotApplicable or Verdict.InfraError);
}
