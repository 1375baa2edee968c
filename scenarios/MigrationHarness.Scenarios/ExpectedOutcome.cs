namespace MigrationHarness.Scenarios;

/// <summary>What a scenario expects, when it expects something other than a pass (e.g. mem= vs memdev= must be refused cleanly).</summary>
public enum ExpectedOutcome { Pass, CleanReject }
