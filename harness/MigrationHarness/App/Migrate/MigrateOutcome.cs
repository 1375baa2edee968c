using MigrationHarness.Builds;
using MigrationHarness.Configs;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;

namespace MigrationHarness.App.Migrate;

/// <summary>What a single migration is about to run: the builds in the order asked for, the config and the guest mode.</summary>
public sealed record MigratePlan(ReadyBuild Source, ReadyBuild Destination, VmConfig Config, GuestMode Guest);

/// <summary>A single migration as it ran: its plan, the case's outcome and its wall time.</summary>
public sealed record MigrateOutcome(MigratePlan Plan, CaseOutcome Outcome, TimeSpan Wall);
