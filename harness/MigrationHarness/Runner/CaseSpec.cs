using MigrationHarness.Scenarios;
using MigrationHarness.Builds;
using MigrationHarness.Configs;
using MigrationHarness.Model;

namespace MigrationHarness.Runner;

/// <summary>One case: a config, a scenario and the builds it runs over (oldest first), with its seed.</summary>
public sealed record CaseSpec(VmConfig Config, Scenario Scenario, IReadOnlyList<ReadyBuild> Builds)
{
    public ulong Seed { get; init; }
    public long Index { get; init; }
    public CaseFaults Faults { get; init; } = CaseFaults.None;
    private readonly CaseLimits _limits = CaseLimits.Default;

    /// <summary>
    /// The case's time limits, grown for a config with many vCPUs (<see cref="CaseLimits.ScaledFor"/>)
    /// and for its accelerator (<see cref="CaseLimits.For"/>); the load is the campaign's to set.
    /// </summary>
    public CaseLimits Limits { get => _limits.ScaledFor(Config.Smp.MaxCpus).For(Config.Accelerator); init => _limits = value; }

    public ReadyBuild Build(string name) => Builds.First(b => b.Name == name);

    /// <summary>The case as it runs: its config as the scenario prepares it before the first start (what records and causes are judged on).</summary>
    public CaseSpec AsRun => this with { Config = Scenario.Prepare(Config) };
}
