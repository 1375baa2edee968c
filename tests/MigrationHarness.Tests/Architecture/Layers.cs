namespace MigrationHarness.Tests.Architecture;

/// <summary>
/// The project's layers, bottom first, and the namespaces (folders) each holds. A namespace may use its
/// own layer and the layers below it, never one above; inside a layer the folders must not form a cycle.
/// The README's architecture section draws the same table.
/// </summary>
public static class Layers
{
    public sealed record Layer(string Name, IReadOnlyList<string> Namespaces, string MayHold);

    public static readonly IReadOnlyList<Layer> BottomUp =
    [
        new("Model", ["MigrationHarness", "MigrationHarness.Model", "MigrationHarness.Migration", "MigrationHarness.Yaml",
                      "MigrationHarness.Configs", "MigrationHarness.Configs.*", "MigrationHarness.Scenarios"],
            "exceptions, verdicts, limits, builds as values, the VM config model with its generators, scenarios"),
        new("Infra", ["MigrationHarness.Processes", "MigrationHarness.Containers", "MigrationHarness.Qmp", "MigrationHarness.Qemu"],
            "Docker, host processes, QMP, QEMU instances and host facts"),
        new("Builds", ["MigrationHarness.Builds"], "catalog, resolver, lock, images, the capability probe"),
        new("Platform", ["MigrationHarness.Guest", "MigrationHarness.Abi", "MigrationHarness.Checks", "MigrationHarness.Host", "MigrationHarness.Platform", "MigrationHarness.Platform.*"],
            "the guest platform of each architecture (x86 today) with its guest-view checks, the check contract and the common checks, the guest firmware and its readers, the ABI fingerprint, the host probe that decides the accelerator by booting the guest"),
        new("Execution", ["MigrationHarness.Portability", "MigrationHarness.Oracles", "MigrationHarness.Runner"],
            "running one case, the oracle"),
        new("Analysis", ["MigrationHarness.Analysis.*", "MigrationHarness.Records", "MigrationHarness.Coverage", "MigrationHarness.Tiers",
                         "MigrationHarness.Claims"],
            "pure functions over records: causes, promises, history, coverage, tiers, claims"),
        new("Diagnosis", ["MigrationHarness.Findings", "MigrationHarness.Findings.*", "MigrationHarness.Diagnosis"],
            "findings and what re-runs QEMU to explain them"),
        new("Storage", ["MigrationHarness.Results"], "run folders, case logs, manifests, reproducers"),
        new("Reports", ["MigrationHarness.Exporters", "MigrationHarness.Comparison"], "exporters and the run-against-run comparison"),
        new("Campaign", ["MigrationHarness.Campaign"], "plan, engines, workers, confirmation, shrinking, the reproducer pipeline"),
        new("App", ["MigrationHarness.App", "MigrationHarness.App.*"], "what a command asks for, in one place each: the session, running a campaign, finishing a run, checking claims"),
        new("Cli", ["MigrationHarness.Cli", "MigrationHarness.Cli.*"], "the mh command"),
    ];

    /// <summary>The layer a namespace belongs to, by exact name first, then by the longest <c>Prefix.*</c>.</summary>
    public static int IndexOf(string ns)
    {
        for (var i = 0; i < BottomUp.Count; i++)
            if (BottomUp[i].Namespaces.Contains(ns)) return i;
        var best = (Index: -1, Length: -1);
        for (var i = 0; i < BottomUp.Count; i++)
            foreach (var pattern in BottomUp[i].Namespaces.Where(p => p.EndsWith(".*", StringComparison.Ordinal)))
            {
                var prefix = pattern[..^1];
                if (ns.StartsWith(prefix, StringComparison.Ordinal) && prefix.Length > best.Length) best = (i, prefix.Length);
            }
        return best.Index;
    }
}
