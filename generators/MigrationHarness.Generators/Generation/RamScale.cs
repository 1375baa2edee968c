namespace MigrationHarness.Configs.Generation;

/// <summary>
/// Whether a generated guest's RAM amounts (its memory, NUMA nodes' shares and DIMMs) are drawn
/// small or up to the host's caps; drawn once per config so a large guest is large throughout.
/// </summary>
internal enum RamScale
{
    Small,
    Large,
}
