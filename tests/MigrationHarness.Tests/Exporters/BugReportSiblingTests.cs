using MigrationHarness.Analysis.Causes;
using MigrationHarness.Exporters;
using MigrationHarness.Model;
using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Exporters;

/// <summary>A known bug that shows two ways is two findings, and each one's report names the other.</summary>
public sealed class BugReportSiblingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mh-bug-").FullName;

    private const string Bug = "tcg-dirty-sync-block-relative-offset";

    private static CaseCause Cause(string key) =>
        new(CauseKind.Failure, $"{key} (known bug {Bug})", key, []) { Reference = Bug, Breaks = true, Promise = "never-crash-hang-or-lose-memory" };

    [Fact]
    public void The_abort_and_the_lost_memory_of_one_known_bug_name_each_other()
    {
        const string abort = "source SIGABRT: qemu-system-x86_64: system/physmem.c:#: tlb_reset_dirty_range_all: Assertion failed.";
        var cases = new[]
        {
            SampleRecords.Case(1, "crash", "qemu-10.0", "qemu-11.1", "pc-q35-10.0", "forward/running", detail: $"{abort} (known bug {Bug})") with { Causes = [Cause(abort)] },
            SampleRecords.Case(2, "data-loss", "qemu-11.1", "qemu-7.2", "pc-q35-7.2", "backward/running", detail: $"guest-memory (known bug {Bug})") with { Causes = [Cause("guest-memory")] },
            SampleRecords.Case(3, "crash", "qemu-7.2", "qemu-10.0", "pc-q35-7.2", "forward/paused", detail: "source SIGSEGV"),
        };
        var folder = FixedRun.Folder("20260101-000000-8", _directory, cases);
        var report = new RunReport(folder.Manifest.RunId, folder.Manifest, folder.Cases, folder.Tiers, folder.Reproducers);
        var crash = report.Findings.Single(f => f.Reference == Bug && f.Verdict == Verdict.Crash);
        var loss = report.Findings.Single(f => f.Reference == Bug && f.Verdict == Verdict.DataLoss);
        var unrelated = report.Findings.Single(f => f.Reference is null);

        var crashText = BugReport.Render(report, crash, Directory.CreateDirectory(Path.Combine(_directory, "c000001")).FullName);
        var lossText = BugReport.Render(report, loss, Directory.CreateDirectory(Path.Combine(_directory, "c000002")).FullName);
        var unrelatedText = BugReport.Render(report, unrelated, Directory.CreateDirectory(Path.Combine(_directory, "c000003")).FullName);

        Assert.Contains($"The same upstream entry explains other findings of this run: `{loss.Id}` (data-loss ×1: guest-memory (known bug {Bug}))", crashText);
        Assert.Contains($"`{crash.Id}` (crash ×1:", lossText);
        Assert.DoesNotContain("The same upstream entry", unrelatedText);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
