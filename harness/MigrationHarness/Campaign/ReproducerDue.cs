using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Records;
using MigrationHarness.Runner;

namespace MigrationHarness.Campaign;

/// <summary>
/// A reproducer to write: the recorded case, how to run it again, the config space it shrinks in, and the other cases
/// of its finding that broke the same promise. A failure that shows only now and then (a race) may not fail again in
/// the case it was first seen in; its stand-ins are tried next, in order, before the finding goes without a reproducer.
/// </summary>
public sealed record ReproducerDue(CaseRecord Failure, CaseSpec Spec, ConfigSpace? Space)
{
    public IReadOnlyList<ReproducerDue> StandIns { get; init; } = [];
}
