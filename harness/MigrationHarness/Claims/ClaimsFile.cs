using MigrationHarness.Builds;
using MigrationHarness.Configs;
using MigrationHarness.Tiers;
using MigrationHarness.Yaml;

namespace MigrationHarness.Claims;

/// <summary>
/// A claims file (YAML):
/// <code>
/// claims:
///   - between: [qemu-7.2, qemu-10.0]     # any order
///     machine: pc-q35-7.2
///     tier: bidirectional                 # bidirectional | forward | clean-failure
///     cpu: EPYC-v4                        # optional: every config uses this model
///     config: vm.json                     # optional: one pinned config (relative to the file)
///     cases: 12                           # optional
/// </code>
/// </summary>
public static class ClaimsFile
{
    public static IReadOnlyList<Claim> Load(string path, BuildCatalog catalog)
    {
        if (!File.Exists(path)) throw new BadInputException($"claims file '{path}' does not exist.");
        var document = YamlInputFile.Load<Document>(path, Shapes);
        if (document?.Claims is not { Count: > 0 }) throw new BadInputException($"{path}: no 'claims:' list");
        // Any declared build may be claimed, in the default campaign or not (a stable series' point release).
        var order = catalog.Declared.Select((b, i) => (b.Name, i)).ToDictionary(x => x.Name, x => x.i);
        return document.Claims.Select((entry, index) =>
        {
            var where = $"{path}: claim #{index + 1}";
            if (entry.Between is not { Count: 2 }) throw new BadInputException($"{where}: 'between' must name two builds");
            foreach (var name in entry.Between) catalog.Get(name);
            if (entry.Between[0] == entry.Between[1]) throw new BadInputException($"{where}: 'between' names the same build twice");
            if (string.IsNullOrWhiteSpace(entry.Machine)) throw new BadInputException($"{where}: 'machine' is missing");
            SupportTier tier;
            try { tier = SupportTiers.Parse(entry.Tier ?? ""); }
            catch (FormatException ex) { throw new BadInputException($"{where}: {ex.Message}"); }
            if (tier is SupportTier.Unsupported or SupportTier.Untested or SupportTier.Broken) throw new BadInputException($"{where}: a claim asserts bidirectional, forward or clean-failure");
            if (entry.Cases is < 1 or > 1000) throw new BadInputException($"{where}: 'cases' must be 1..1000");
            VmConfig? config = null;
            if (entry.Config is { } configPath)
            {
                var full = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, configPath);
                if (!File.Exists(full)) throw new BadInputException($"{where}: config '{configPath}' does not exist");
                try { config = ConfigJson.Deserialize(File.ReadAllText(full)); }
                catch (FormatException ex) { throw new BadInputException($"{where}: {configPath}: {ex.Message}"); }
                if (config.MachineType != entry.Machine) throw new BadInputException($"{where}: the pinned config's machine type {config.MachineType} is not {entry.Machine}");
            }
            var (older, newer) = order[entry.Between[0]] < order[entry.Between[1]] ? (entry.Between[0], entry.Between[1]) : (entry.Between[1], entry.Between[0]);
            var text = $"{entry.Machine} is {tier.Name()} between {older} and {newer}" + (entry.Cpu is null ? "" : $" with {entry.Cpu}") + (entry.Config is null ? "" : $" for {entry.Config}");
            return new Claim(text, older, newer, entry.Machine, tier, entry.Cpu, config, entry.Cases ?? (config is null ? 12 : 2));
        }).ToArray();
    }

    private static readonly YamlShape[] Shapes =
    [
        new("", "a mapping with a 'claims:' list (see scenarios/claims/example.yaml)"),
        new("claims", "a list of claims, each a mapping with between, machine and tier"),
        new("claims[]", "a claim: a mapping with between, machine, tier and optionally cpu, config, cases"),
        new("claims[].between", "a list of two builds, like [qemu-7.2, qemu-10.0]"),
        new("claims[].between[]", "a build's name"),
        new("claims[].machine", "a machine type, like pc-q35-7.2"),
        new("claims[].tier", "bidirectional, forward or clean-failure"),
        new("claims[].cpu", "a CPU model's name"),
        new("claims[].config", "a config .json file, relative to the claims file"),
        new("claims[].cases", "a whole number of cases, 1..1000"),
    ];

    private sealed class Document
    {
        public List<Entry>? Claims { get; set; }
    }

    private sealed class Entry
    {
        public List<string>? Between { get; set; }
        public string? Machine { get; set; }
        public string? Tier { get; set; }
        public string? Cpu { get; set; }
        public string? Config { get; set; }
        public int? Cases { get; set; }
    }
}
