using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MigrationHarness.Analysis.Causes;
using MigrationHarness.Analysis.Promises;
using MigrationHarness.Diagnosis;
using MigrationHarness.Findings;
using MigrationHarness.Results;
using MigrationHarness.Model;
using MigrationHarness.Records;

namespace MigrationHarness.Exporters;

/// <summary>
/// <c>BUG.md</c>: a finding that breaks a promise, written as a report to paste into a QEMU issue or
/// a mail: a title in QEMU's style, what breaks and what QEMU promised, the builds with exact
/// versions, the minimal command lines of both sides, the steps with plain docker and QMP, QEMU's own
/// output, what differs, what QEMU itself explains (QOM, vmstate), accelerator and host-dependence,
/// and where among the run's builds it shows (bracketing).
/// </summary>
public static partial class BugReport
{
    public const string FileName = "BUG.md";

    public static string Render(RunReport report, Finding finding, string reproducerDirectory)
    {
        var record = report.Cases.First(c => c.Id == Path.GetFileName(reproducerDirectory));
        var hop = record.Hops.FirstOrDefault(h => h.Verdict != Verdict.Pass) ?? record.Hops.FirstOrDefault();
        var builds = report.Manifest.Builds.ToDictionary(b => b.Name);
        string Version(string name) => builds.TryGetValue(name, out var b) ? $"{b.QemuVersion} (Debian {b.PackageVersion})" : name;
        var sourceArgv = ReadArgv(reproducerDirectory, "source.argv.json");
        var destinationArgv = ReadArgv(reproducerDirectory, "destination.argv.json");
        var bracketing = Bracketing.Load(reproducerDirectory);
        var explanation = ReadText(reproducerDirectory, "explain.txt");
        var text = new StringBuilder();

        text.AppendLine($"# {Title(finding, record, hop, builds, bracketing)}");
        text.AppendLine();
        text.AppendLine("## What breaks");
        text.AppendLine();
        text.AppendLine($"{Sentence(finding, hop)} Seen {finding.Count} time(s) in one run of MigrationHarness (finding `{finding.Id}`), on " +
                        $"{string.Join(", ", finding.SeenOn.Select(o => $"{o.Source} → {o.Destination} at {o.MachineType} ({o.Scenario}, {o.Accelerator})").Distinct().Take(8))}.");
        text.AppendLine();
        text.AppendLine($"Cause: **{finding.Cause.Title()}** — {finding.Summary}");
        if (finding.HistoryLabel is { } label) text.AppendLine($"\nUpstream history: {label}.");
        // One known bug can show two ways (an abort, lost memory): each is a finding of its own verdict, and each report names the other.
        var siblings = finding.Reference is { } reference ? report.Findings.Where(f => f.Id != finding.Id && f.Reference == reference).ToArray() : [];
        if (siblings.Length > 0)
            text.AppendLine($"\nThe same upstream entry explains other findings of this run: " +
                            string.Join("; ", siblings.Select(f => $"`{f.Id}` ({f.Verdict.Name()} ×{f.Count}: {f.Detail})")) + ".");
        text.AppendLine();
        text.AppendLine("## What QEMU promises");
        text.AppendLine();
        foreach (var id in finding.BrokenPromises.Count > 0 ? finding.BrokenPromises : finding.Promises)
        {
            var row = PromiseTable.Default.Rows.FirstOrDefault(r => r.Id == id);
            text.AppendLine(row is null ? $"- `{id}`" : $"- {row.Why} ({row.Source})");
        }
        text.AppendLine();
        text.AppendLine("## Affected builds");
        text.AppendLine();
        text.AppendLine("| side | build | QEMU | Debian package |");
        text.AppendLine("|---|---|---|---|");
        if (hop is not null)
            foreach (var (side, name) in new[] { ("source", hop.From), ("destination", hop.To) })
                text.AppendLine(builds.TryGetValue(name, out var b) ? $"| {side} | {name} | {b.QemuVersion} | {b.PackageVersion} |" : $"| {side} | {name} | ? | ? |");
        text.AppendLine();
        text.AppendLine($"Accelerator: {string.Join(", ", finding.Accelerators)}; {finding.Host.Label} ({finding.Host.Why}). Host: {report.Manifest.Host.CpuModel}, kernel {report.Manifest.Host.Kernel}.");
        text.AppendLine();
        text.AppendLine("## Bracketing");
        text.AppendLine();
        text.AppendLine(bracketing is null
            ? $"Not bracketed in this run; seen only on {finding.Pairs}. Run `mh bug results/{report.RunId} {finding.Id} --bracket` to replay it on every pair of builds."
            : BracketText(bracketing, Version));
        text.AppendLine();
        text.AppendLine("## How to reproduce");
        text.AppendLine();
        text.AppendLine("Source:");
        text.AppendLine("```");
        text.AppendLine(ShellQuote.Join(sourceArgv));
        text.AppendLine("```");
        text.AppendLine("Destination (started with `-incoming`):");
        text.AppendLine("```");
        text.AppendLine(ShellQuote.Join(destinationArgv));
        text.AppendLine("```");
        text.AppendLine("Steps: start both, `migrate` the source to the destination's socket over QMP (`{\"execute\":\"migrate\",\"arguments\":{\"uri\":\"unix:…\"}}`), " +
                        "wait for `MIGRATION` `completed` or `failed`, then compare. `repro.sh` next to this file does exactly that with plain docker and the pinned " +
                        $"image ids, and exits 0 when it sees `{finding.Verdict.Name()}` again. The guest is MigrationHarness's own firmware (`-bios`), which records what the " +
                        "vCPUs and the platform read; no OS is needed.");
        text.AppendLine();
        text.AppendLine("## What QEMU printed");
        text.AppendLine();
        text.AppendLine("```");
        if (hop is not null)
        {
            text.AppendLine($"migration: {hop.Status}{(hop.Error is null ? "" : $": {hop.Error}")}");
            text.AppendLine($"source ({hop.From}) exit: {hop.SourceExit ?? "running"}; ended the migration as: {hop.SourceMigration ?? "-"}");
            if (hop.SourceStderrTail is { } sourceErr) text.AppendLine($"source stderr:\n{sourceErr}");
            text.AppendLine($"destination ({hop.To}) exit: {hop.DestinationExit ?? "running"}; ended the migration as: {hop.DestinationMigration ?? "-"}");
            if (hop.DestinationStderrTail is { } destinationErr) text.AppendLine($"destination stderr:\n{destinationErr}");
        }
        text.AppendLine("```");
        if (finding.Differences.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## What differs");
            text.AppendLine();
            foreach (var d in finding.Differences) text.AppendLine($"- {d}");
        }
        if (explanation is not null)
        {
            text.AppendLine();
            text.AppendLine("## What QEMU tells about it (QOM properties, vmstate)");
            text.AppendLine();
            text.AppendLine("```");
            text.AppendLine(explanation.TrimEnd());
            text.AppendLine("```");
        }
        text.AppendLine();
        text.AppendLine($"Found with seed {report.Manifest.Seed}, case index {record.Index}; `mh run --seed {report.Manifest.Seed} --replay {record.Index}` replays it.");
        return text.ToString();
    }

    /// <summary>"migration: source aborts in tlb_reset_dirty_range_all() under TCG with a running guest (10.0.13, 11.1.3)" and the like.</summary>
    public static string Title(Finding finding, CaseRecord record, HopSummary? hop, IReadOnlyDictionary<string, Builds.ResolvedBuild> builds,
        Bracketing? bracketing = null)
    {
        // A crash names the side that died: its builds are the affected ones (every one the bracketing saw it on, when there
        // is one); anything else concerns both sides of each hop.
        var destinationDied = finding.Key.StartsWith("destination", StringComparison.Ordinal);
        var seen = bracketing?.Runs.Where(r => r.Seen).ToArray() ?? [];
        var sides = finding.Verdict != Verdict.Crash ? finding.SeenOn.SelectMany(o => new[] { o.Source, o.Destination })
            : seen.Length > 0 ? (destinationDied ? seen.Select(r => r.To) : seen.Select(r => r.From))
            : destinationDied ? finding.SeenOn.Select(o => o.Destination) : finding.SeenOn.Select(o => o.Source);
        var versions = string.Join(", ", sides.Distinct().Select(n => builds.TryGetValue(n, out var b) ? b.QemuVersion : n).Distinct().Order(StringComparer.Ordinal));
        var accelerator = string.Join("/", finding.Accelerators).ToUpperInvariant();
        var detail = finding.Key;
        string title;
        switch (finding.Verdict)
        {
            case Verdict.Crash:
                var side = detail.StartsWith("destination", StringComparison.Ordinal) ? "destination" : "source";
                var function = AssertedIn().Match(detail) is { Success: true } m ? $" in {m.Groups[1].Value}()" : "";
                title = $"{Subsystem(detail, "migration")}: {side} aborts{function} during live migration under {accelerator}";
                break;
            case Verdict.CleanReject:
                title = $"{Subsystem(detail, "migration")}: destination refuses a forward migration at {record.MachineType}: {Trim(Line(detail))}";
                break;
            case Verdict.AbiDrift:
                title = $"target/i386: {detail} changes across live migration at {record.MachineType} ({finding.Cause.Title()})";
                break;
            case Verdict.DataLoss:
                title = $"migration: guest memory differs on the destination after live migration under {accelerator}";
                break;
            case Verdict.Hang:
                title = $"migration: live migration hangs ({Trim(Line(detail))})";
                break;
            default:
                title = $"migration: {finding.Verdict.Name()}: {Trim(Line(detail))}";
                break;
        }
        return $"{title} ({versions})";
    }

    private static string Sentence(Finding finding, HopSummary? hop) => finding.Verdict switch
    {
        Verdict.Crash => $"A QEMU process died during live migration: `{finding.Key}`.",
        Verdict.CleanReject => $"The destination refused the migration although both sides run the same machine type and configuration: `{finding.Key}`.",
        Verdict.AbiDrift => $"The guest sees something different after live migration than before it: `{finding.Key}`.",
        Verdict.DataLoss => "Guest memory on the destination is not what the guest wrote on the source.",
        Verdict.Hang => $"Live migration stopped making progress: `{finding.Key}`.",
        _ => $"`{finding.Verdict.Name()}`: `{finding.Key}`.",
    } + (hop is null ? "" : $" Hop: {hop.From} → {hop.To}.");

    private static string BracketText(Bracketing bracketing, Func<string, string> version)
    {
        var text = new StringBuilder();
        text.AppendLine(bracketing.Summary + ".");
        text.AppendLine();
        text.AppendLine("| source | destination | result |");
        text.AppendLine("|---|---|---|");
        foreach (var run in bracketing.Runs)
            text.AppendLine($"| {run.From} {run.FromVersion} | {run.To} {run.ToVersion} | {(run.Seen ? "**seen**" : run.Verdict.Name())} |");
        return text.ToString().TrimEnd();
    }

    private static string Subsystem(string detail, string fallback) =>
        detail.Contains("virtio-mem", StringComparison.Ordinal) ? "virtio-mem"
        : detail.Contains("vring", StringComparison.Ordinal) || detail.Contains("VQ ", StringComparison.Ordinal) ? "virtio"
        : detail.Contains("physmem", StringComparison.Ordinal) || detail.Contains("tlb_", StringComparison.Ordinal) ? "system/physmem"
        : fallback;

    private static string Line(string detail) => detail.Split('\n')[0].Replace("destination: qemu-system-x86_64: ", "").Replace("source: qemu-system-x86_64: ", "");

    private static string Trim(string text) => text.Length > 100 ? text[..100] + "…" : text;

    private static IReadOnlyList<string> ReadArgv(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        return File.Exists(path) ? JsonSerializer.Deserialize<string[]>(File.ReadAllText(path)) ?? [] : [];
    }

    private static string? ReadText(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    [GeneratedRegex(@"(\w+): Assertion")]
    private static partial Regex AssertedIn();
}
