using MigrationHarness.Model;

namespace MigrationHarness.Containers;

/// <summary>
/// Labels on every container the harness starts. Clean-up only ever touches containers carrying
/// <see cref="Harness"/>, so a user's own containers are never removed.
/// </summary>
public static class HarnessLabels
{
    public const string Harness = "io.migrationharness";
    public const string Run = "io.migrationharness.run";
    public const string Build = "io.migrationharness.build";
    public const string OwnerPid = "io.migrationharness.owner-pid";
    public const string OwnerHost = "io.migrationharness.owner-host";

    public static IReadOnlyDictionary<string, string> For(string runId, string build) => new Dictionary<string, string>
    {
        [Harness] = "1",
        [Run] = runId,
        [Build] = build,
        [OwnerPid] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [OwnerHost] = Environment.MachineName,
    };
}
