using MigrationHarness.Configs;
using MigrationHarness.Model;

namespace MigrationHarness.Campaign;

/// <summary>
/// One reproducer of an earlier run, as the regression corpus replays it: its config, scenario and
/// builds, and the verdict and signature it had then.
/// </summary>
public sealed record CorpusEntry(string Path, VmConfig Config, string Scenario, IReadOnlyList<string> Builds, string Verdict, string? Signature);
