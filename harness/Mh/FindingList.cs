using MigrationHarness.Tiers;
using MigrationHarness.Analysis.Causes;
using MigrationHarness.Exporters;
using MigrationHarness.Model;

namespace MigrationHarness.Cli;

/// <summary>The run's findings on the console: new ones first with where they were seen, then known ones, then baseline entries not seen.</summary>
public static class FindingList
{
    public static void Print(RunReport report, string runDirectory)
    {
        var triage = report.Triage;
        var failing = report.FailingFindings.ToHashSet();
        Console.WriteLine($"{report.Findings.Count} findings: {triage.New.Count} new ({failing.Count} failing the run: a promise broken), {triage.Known.Count} known");
        foreach (var f in triage.New.Where(failing.Contains))
        {
            var reproducer = report.ReproducerOf(f);
            Console.WriteLine($"  NEW {f.Id} {f.Verdict.Name()} ×{f.Count} [{f.Host.Label}] {f.Cause.Title()}: {f.Key}");
            if (f.HistoryLabel is { } label) Console.WriteLine($"       {label}");
            Console.WriteLine($"       seen on {f.Pairs}{f.AcceleratorsIn(report.Manifest.Accelerator)}; first {f.FirstCase} (seed {report.Manifest.Seed}, index {report.Cases.First(c => c.Id == f.FirstCase).Index})" +
                              (reproducer is null ? $"; no reproducer yet: {report.ReplayCommand(f)}" : $"; reproducer {Path.Combine(Path.GetRelativePath(Environment.CurrentDirectory, runDirectory), reproducer)}"));
        }
        foreach (var group in report.NotPromised)
        {
            var fresh = group.Where(f => !triage.IsKnown(f.Id)).ToArray();
            if (fresh.Length == 0) continue;
            Console.WriteLine($"  not promised by QEMU, {group.Key.Title()}: {fresh.Length} findings, {fresh.SelectMany(f => f.Cases).Distinct().Count()} cases " +
                              $"(e.g. {string.Join("; ", fresh.Take(3).Select(f => $"{f.Id} {f.Key}"))})");
        }
        foreach (var (f, entry) in triage.Known)
            Console.WriteLine($"  known {f.Id} {f.Verdict.Name()} ×{f.Count}: {entry.Note ?? f.Detail}");
        foreach (var entry in triage.NotSeen)
            Console.WriteLine($"  known, not seen this run: {entry.Describe()}{(entry.Note is null ? "" : $" ({entry.Note})")}");
        foreach (var entry in triage.Expired)
            Console.WriteLine($"  expired baseline entry (its finding counts as new): {entry.Describe()} (expired {entry.Expires:yyyy-MM-dd})");
        foreach (var t in report.Tiers.Where(t => t.Violated))
            Console.WriteLine($"  expectation {(report.NewViolations.Contains(t) ? "violated" : "violated by known findings only")}: {t.Older}↔{t.Newer} {t.MachineType}: met {t.Tier.Name()}, expected {t.Expected.Name()}");
    }
}
