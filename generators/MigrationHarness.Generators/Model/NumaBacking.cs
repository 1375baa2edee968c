namespace MigrationHarness.Configs;

/// <summary>
/// How NUMA node memory is given. QEMU wants one style for all nodes. <see cref="LegacyMem"/>
/// (<c>-numa node,mem=</c>) is refused for machine types 5.1 and newer, and the two styles lay out
/// RAM differently, so a guest cannot migrate between them in either direction.
/// </summary>
public enum NumaBacking { Memdev, LegacyMem }
