using MigrationHarness.Model;

namespace MigrationHarness.Oracles;

/// <summary>A verdict with the one-line reason the oracle gives for it, and the hop it concerns.</summary>
public sealed record Judgement(Verdict Verdict, string Reason, int? Hop = null)
{
    public static readonly Judgement Passed = new(Verdict.Pass, "every hop completed, the destination ran and saw the same machine");
}
