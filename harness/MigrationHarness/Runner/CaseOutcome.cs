using MigrationHarness.Oracles;
using MigrationHarness.Model;

namespace MigrationHarness.Runner;

/// <summary>A judged case: the verdict, the evidence it rests on, and how long it took.</summary>
public sealed record CaseOutcome(Judgement Judgement, CaseObservation Observation, TimeSpan Duration)
{
    public Verdict Verdict => Judgement.Verdict;
}
