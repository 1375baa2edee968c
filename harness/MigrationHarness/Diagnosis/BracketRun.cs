using MigrationHarness.Model;

namespace MigrationHarness.Diagnosis;

/// <summary>One replay of a finding's config on a pair of the catalog's builds: what it gave, and whether it was the finding again.</summary>
public sealed record BracketRun(string From, string FromVersion, string To, string ToVersion, Verdict Verdict, bool Seen, string Reason);
