using MigrationHarness.Builds;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Model;

namespace MigrationHarness.App.Repro;

/// <summary>
/// Requests a reproduction refuses before it runs anything: each would otherwise print an empty
/// table or only not-applicable rows and exit 0, as if the configuration had been tried.
/// </summary>
public sealed partial class Reproduction
{
    /// <summary>
    /// Repro compares two builds: its rows are directions between them, and a reproducer's
    /// explanation is what differs between them. A build migrating to itself is a control, which
    /// <c>mh controls</c> runs.
    /// </summary>
    internal static void RefuseSelfPairs(IEnumerable<(string, string)> pairs)
    {
        foreach (var (older, newer) in pairs)
            if (older == newer)
                throw new BadInputException($"--pair {older}:{newer} pairs a build with itself; repro migrates between two different builds " +
                                            $"(a build migrating to itself is a control: mh controls --build {older})");
    }

    private static void RefusePairsOutside(IEnumerable<(string, string)> pairs, IReadOnlyList<Build> selected)
    {
        foreach (var (older, newer) in pairs)
            if (selected.All(b => b.Name != older) || selected.All(b => b.Name != newer))
                throw new BadInputException($"--pair {older}:{newer} names a build that is not selected (--build {string.Join(" --build ", selected.Select(b => b.Name))})");
    }

    /// <summary>
    /// A machine type no build of a pair offers cannot start on that pair; when that is every pair,
    /// the user mistyped it or chose the wrong builds, and the probe already knows which types exist.
    /// </summary>
    private static void RefuseMachineTypeNoPairOffers(string machineType, IReadOnlyList<(ReadyBuild Older, ReadyBuild Newer)> plan,
        IReadOnlyList<BuildCapabilities> capabilities)
    {
        var offering = capabilities.Where(c => c.Machine(machineType) is not null).Select(c => c.Build).ToArray();
        if (offering.Length == 0)
        {
            var offered = capabilities.SelectMany(c => c.Machines).SelectMany(m => m.Alias is null ? [m.Name] : new[] { m.Name, m.Alias });
            throw new BadInputException($"machine type '{machineType}' is offered by none of {string.Join(", ", capabilities.Select(c => c.Build))}; " +
                                        $"they offer {MachineTypes.Summary(offered)}");
        }
        if (!plan.Any(p => offering.Contains(p.Older.Name) && offering.Contains(p.Newer.Name)))
            throw new BadInputException($"machine type '{machineType}' is offered only by {string.Join(", ", offering)}, so no pair asked for has it on both sides; " +
                                        "choose builds that do with --build or --pair");
    }
}
