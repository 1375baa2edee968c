using MigrationHarness.Records;

namespace MigrationHarness.Campaign;

/// <summary>The case a finding's reproducer is made from, and the other cases where it broke the same promise (see <see cref="ReproducerDue"/>).</summary>
public sealed record ReproducerCandidate(CaseRecord Case, IReadOnlyList<CaseRecord> StandIns);
