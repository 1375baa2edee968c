namespace MigrationHarness.Tiers;

/// <summary>
/// A row against what was expected or claimed of it: met, violated, or not judged (untested, too
/// little evidence, or a machine type one build lacks). Only a violation fails a run.
/// </summary>
public enum TierStatus { Met, Violated, NotJudged }
