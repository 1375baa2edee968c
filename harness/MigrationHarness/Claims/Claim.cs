using MigrationHarness.Configs;
using MigrationHarness.Tiers;

namespace MigrationHarness.Claims;

/// <summary>
/// One claim of a downstream: that migrations between two builds for a machine type meet a tier
/// (e.g. bidirectional), optionally for a given CPU model or one pinned config.
/// </summary>
public sealed record Claim(string Text, string Older, string Newer, string MachineType, SupportTier Tier, string? CpuModel, VmConfig? Config, int Cases);
