namespace MigrationHarness.Configs;

/// <summary>
/// Which side a command line is for. The source starts without its hot-plugged DIMMs (they arrive
/// over QMP); the destination must have them on its command line with the same ids, as libvirt does.
/// </summary>
public enum RenderSide { Source, Destination }
