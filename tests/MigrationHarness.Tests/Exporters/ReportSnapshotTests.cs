using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Builds;
using MigrationHarness.Campaign;
using MigrationHarness.Comparison;
using MigrationHarness.Configs;
using MigrationHarness.Exporters;
using MigrationHarness.Findings;
using MigrationHarness.Migration;
using MigrationHarness.Oracles;
using MigrationHarness.Qemu;
using MigrationHarness.Results;
using MigrationHarness.Runner;
using MigrationHarness.Tiers;
using Snapshooter;
using Snapshooter.Xunit3;
using MigrationHarness.Model;

namespace MigrationHarness.Tests.Exporters;

/// <summary>
/// The texts people read and tools parse, from one fixed run: a change to any of them shows up as a
/// snapshot diff to look at. The snapshots are committed in __snapshots__; scripts/test.sh fails on
/// a missing one (SNAPSHOOTER_STRICT_MODE), so a new text is approved by running the test once
/// without it and committing the file it writes.
/// </summary>
public sealed class ReportSnapshotTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mh-snapshot-").FullName;

    [Fact]
    public async Task Report_md_of_a_fixed_run() =>
        Snapshot.Match(await ExportAsync(new MarkdownExporter()), new SnapshotNameExtension("report.md"));

    [Fact]
    public async Task Junit_xml_of_a_fixed_run() =>
        Snapshot.Match(await ExportAsync(new JUnitExporter()), new SnapshotNameExtension("junit.xml"));

    [Fact]
    public void A_bug_report_of_a_fixed_crash_with_its_bracketing()
    {
        var report = FixedRun.Report();
        var finding = report.Findings.Single(f => f.Verdict == Verdict.Crash);
        var (bugFinding, reproducer) = Assert.Single(report.BugReports, b => b.Finding.Id == finding.Id);
        var directory = Path.Combine(_directory, reproducer);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "source.argv.json"), "[\"qemu-system-x86_64\",\"-machine\",\"pc-q35-5.2,accel=tcg\"]");
        File.WriteAllText(Path.Combine(directory, "destination.argv.json"), "[\"qemu-system-x86_64\",\"-machine\",\"pc-q35-5.2,accel=tcg\",\"-incoming\",\"defer\"]");
        File.WriteAllText(Path.Combine(directory, "explain.txt"), "explain pc-q35-5.2: qemu-5.2 → qemu-7.2\n\nQOM properties that differ for the same command line (0)\n");
        new MigrationHarness.Diagnosis.Bracketing(finding.Id,
        [
            new("qemu-5.2", "5.2.0", "qemu-5.2", "5.2.0", "pass".AsVerdict(), false, ""), new("qemu-5.2", "5.2.0", "qemu-7.2", "7.2.0", "crash".AsVerdict(), true, ""),
            new("qemu-7.2", "7.2.0", "qemu-5.2", "5.2.0", "clean-reject".AsVerdict(), false, ""), new("qemu-7.2", "7.2.0", "qemu-7.2", "7.2.0", "crash".AsVerdict(), true, ""),
        ], Complete: true).Save(directory);

        var text = BugReport.Render(report, bugFinding, directory);

        Snapshot.Match(TrimLineEnds(text), new SnapshotNameExtension("BUG.md"));
    }

    [Fact]
    public void The_terminal_tier_table_of_a_fixed_run()
    {
        using var output = new StringWriter();

        MigrationHarness.Cli.TierTable.Write(FixedRun.Report().Tiers, output, plain: true);

        Snapshot.Match(TrimLineEnds(output.ToString()), new SnapshotNameExtension("tiers.txt"));
    }

    [Fact]
    public void Comparison_md_of_two_fixed_runs()
    {
        var before = FixedRun.Folder("before", "/runs/before", FixedRun.Cases());
        var after = FixedRun.Folder("after", "/runs/after", FixedRun.CasesAfterAFix());

        var markdown = ComparisonMarkdown.Render(RunComparison.Between(before, after));

        Snapshot.Match(markdown, new SnapshotNameExtension("comparison.md"));
    }

    [Fact]
    public async Task A_reproducers_readme_and_repro_sh()
    {
        var record = FixedRun.Cases().Single(c => c.Verdict == Verdict.Crash);
        var outcome = new CaseOutcome(new Judgement(Verdict.Crash, record.Reason, 0), new CaseObservation(null, null,
        [
            new HopObservation("qemu-5.2", "qemu-7.2", MigrationStatus.ProcessDied, "the destination died during the migration",
                new SideEvidence("src", "qemu-5.2", ["qemu-system-x86_64", "-machine", "pc-q35-5.2"], [], "", "exit 0"),
                new SideEvidence("dst0", "qemu-7.2", ["qemu-system-x86_64", "-machine", "pc-q35-5.2"], [], "qemu-system-x86_64: Aborted", "killed by signal 6 (exit 134)"),
                true, [], PhaseTimings.Zero),
        ], null), TimeSpan.Zero);

        var directory = ReproducerWriter.Write(_directory, record, outcome, record.Config, FixedRun.Builds(), null, HostDependence.Unknown("AMD EPYC"));

        Snapshot.Match(Normalise(await File.ReadAllTextAsync(Path.Combine(directory, "README.md"))), new SnapshotNameExtension("README.md"));
        Snapshot.Match(Normalise(await File.ReadAllTextAsync(Path.Combine(directory, "repro.sh"))), new SnapshotNameExtension("repro.sh"));
    }

    private async Task<string> ExportAsync(ResultExporter exporter)
    {
        await exporter.ExportAsync(FixedRun.Report(), _directory);
        return await File.ReadAllTextAsync(Path.Combine(_directory, exporter.FileName));
    }

    /// <summary>The temporary directory is the one thing in these texts that changes from run to run.</summary>
    private string Normalise(string text) => text.Replace(_directory, "<reproducers>", StringComparison.Ordinal);

    private static string TrimLineEnds(string text) => string.Join('\n', text.Split('\n').Select(l => l.TrimEnd()));

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
