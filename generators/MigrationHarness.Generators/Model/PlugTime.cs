namespace MigrationHarness.Configs;

/// <summary>
/// When a memory device arrives: on the command line (<see cref="Cold"/>) or over QMP after start
/// (<see cref="Hot"/>). A hot-plugged device must be on the destination's command line, as libvirt does.
/// </summary>
public enum PlugTime { Cold, Hot }
