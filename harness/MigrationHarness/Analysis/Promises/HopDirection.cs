using MigrationHarness.Configs;

namespace MigrationHarness.Analysis.Promises;

/// <summary>Which way a hop goes by QEMU version: older → newer, newer → older, or between builds of one version.</summary>
public enum HopDirection { Forward, Backward, Same }

public static class HopDirections
{
    public static HopDirection Of(QemuVersion source, QemuVersion destination) =>
        source < destination ? HopDirection.Forward : source > destination ? HopDirection.Backward : HopDirection.Same;

    public static string Name(this HopDirection direction) => direction.ToString().ToLowerInvariant();
}
