using MigrationHarness.Qemu;
using MigrationHarness.Runner;

namespace MigrationHarness.Campaign;

/// <summary>
/// One Docker engine a campaign spreads cases over: its name (the address it was reached at), the
/// case runner on its container pool, its host's facts, and how many cases it takes at once.
/// </summary>
public sealed record CampaignEngine(string Name, CaseRunner Runner, HostFacts Host, int Slots);
