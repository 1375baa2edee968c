using System.Text.Json.Nodes;
using MigrationHarness.Results;
using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Model;

namespace MigrationHarness.Tests.Cli;

/// <summary>The claims, repro, regression-corpus and compare workflows end to end, as users run them.</summary>
[Collection(RealQemuCollection.Name)]
public sealed class WorkflowTests
{
    [Fact(Timeout = 240_000)]
    public async Task A_true_and_a_false_claim_give_one_held_one_violated_with_a_reproducer_and_exit_1()
    {
        using var mh = new MhProcess("claims", "check", "scenarios/claims/example.yaml");

        var exit = await mh.WaitAsync(TimeSpan.FromSeconds(220));

        Assert.Equal(1, exit);
        Assert.Contains("held: pc-q35-7.2 is forward between qemu-10.0 and qemu-11.1", mh.Output);
        Assert.Contains("violated: q35 is bidirectional between qemu-7.2 and qemu-11.1", mh.Output);
        var reproducer = mh.Output.Split('\n').Single(l => l.Contains("reproducer: ", StringComparison.Ordinal)).Split("reproducer: ")[1].Trim();
        var directory = Path.Combine(RealQemuFixture.RepositoryRoot, reproducer);
        Assert.True(File.Exists(Path.Combine(directory, "repro.sh")));
        Assert.True(File.Exists(Path.Combine(directory, "config.json")));
        Assert.Contains("clean-reject", await File.ReadAllTextAsync(Path.Combine(directory, "README.md")));
        Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(directory))!, recursive: true);
    }

    [Fact(Timeout = 400_000)]
    public async Task A_claim_without_a_pinned_config_is_never_held_on_evidence_that_misses_what_breaks_it()
    {
        // qemu-10.0 → qemu-11.1 refuses any virtio-mem-pci device (VQ 0 vring.num 1024 exceeds allocated max 128):
        // steered generation reaches that class within the claim's cases, so the claim comes back violated with its reproducer,
        // or, had it not, untested naming the class; never held.
        using var mh = new MhProcess("claims", "check", "scenarios/claims/pc-q35-10.0-bidirectional.yaml");

        var exit = await mh.WaitAsync(TimeSpan.FromSeconds(380));

        Assert.DoesNotContain("held: ", mh.Output);
        Assert.True(exit is 0 or 1, mh.Output);
        if (exit == 1)
        {
            Assert.Contains("violated: pc-q35-10.0 is bidirectional between qemu-10.0 and qemu-11.1", mh.Output);
            Assert.Contains("reproducer: results/", mh.Output);
        }
        else Assert.Contains("untested: pc-q35-10.0 is bidirectional", mh.Output);
        var results = mh.Output.Split('\n').Last(l => l.StartsWith("results: ", StringComparison.Ordinal))["results: ".Length..].Trim();
        Directory.Delete(Path.Combine(RealQemuFixture.RepositoryRoot, results), recursive: true);
    }

    [Fact(Timeout = 240_000)]
    public async Task Repro_on_a_pasted_command_line_prints_a_per_pair_table()
    {
        using var mh = new MhProcess("repro", "qemu-system-x86_64 -machine q35,accel=kvm -smp 2 -m 256M", "--build", "qemu-7.2", "--build", "qemu-10.0", "--no-shrink");

        var exit = await mh.WaitAsync(TimeSpan.FromSeconds(220));

        Assert.Equal(0, exit);
        var table = mh.Output[mh.Output.IndexOf("PAIR", StringComparison.Ordinal)..];
        Assert.Contains("qemu-7.2→qemu-10.0", table);
        Assert.Contains("qemu-10.0→qemu-7.2", table);
        // The alias resolves to each build's own machine type: a clean refusal, with a reproducer written.
        Assert.Contains("clean-reject", table);
        Assert.Contains("reproducer: results/", table);
        var results = mh.Output.Split('\n').Last(l => l.StartsWith("results: ", StringComparison.Ordinal))["results: ".Length..].Trim();
        Directory.Delete(Path.Combine(RealQemuFixture.RepositoryRoot, results), recursive: true);
    }

    [Fact(Timeout = 300_000)]
    public async Task A_corpus_run_replays_the_earlier_failures_first_and_compare_reports_them_still_failing()
    {
        // The q35 alias resolves to each build's newest machine type: forward is refused, every time.
        using var earlier = new MhProcess("run", "--build", "qemu-7.2", "--build", "qemu-10.0", "--scenario", "forward/paused", "--machine", "^q35$",
            "--cases", "2", "--seed", "5", "--confirmations", "0", "--no-shrink");
        Assert.Equal(0, await earlier.WaitAsync(TimeSpan.FromSeconds(120)));
        var earlierRun = Path.Combine(RealQemuFixture.RepositoryRoot, RunDirectory(earlier.Output));
        Assert.Single(Directory.GetDirectories(Path.Combine(earlierRun, "reproducers")));

        using var later = new MhProcess("run", "--build", "qemu-7.2", "--build", "qemu-10.0", "--scenario", "forward/paused", "--machine", "^pc-q35-7\\.2$",
            "--cases", "1", "--seed", "6", "--confirmations", "0", "--no-shrink", "--corpus", earlierRun);
        var laterExit = await later.WaitAsync(TimeSpan.FromSeconds(120));
        var laterRun = Path.Combine(RealQemuFixture.RepositoryRoot, RunDirectory(later.Output));

        Assert.True(laterExit is 0 or 1, later.Output);
        Assert.Contains("regression corpus: 1 reproducers first", later.Output);
        var records = CaseLog.Read(Path.Combine(laterRun, "cases.jsonl"));
        Assert.Equal([-1L, 0L], records.Select(r => r.Index).Order());
        var regression = records.Single(r => r.Index == -1);
        Assert.Equal(("r000001", "clean-reject", "clean-reject", "q35"), (regression.Id, regression.Verdict.Name(), regression.PreviousVerdict?.Name(), regression.MachineType));
        Assert.StartsWith(Path.Combine(earlierRun, "reproducers"), regression.Origin);
        var summary = await File.ReadAllTextAsync(Path.Combine(laterRun, "report.md"));
        Assert.Contains("## Regression corpus (1 reproducers replayed first)", summary);
        Assert.Contains("`r000001` still **clean-reject** (was clean-reject)", summary);

        using var compare = new MhProcess("report", laterRun, "--compare", earlierRun);
        var compareExit = await compare.WaitAsync(TimeSpan.FromSeconds(60));

        var comparison = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(laterRun, "comparison.json")))!;
        Assert.Single(comparison["still-failing"]!.AsArray());
        Assert.Empty(comparison["fixed"]!.AsArray());
        Assert.Empty(comparison["not-retried"]!.AsArray());
        Assert.Contains("## Still failing", compare.Output);
        // Exit 1 only when the later run found something new (its one generated case may drift).
        Assert.Equal(comparison["new"]!.AsArray().Count > 0 ? 1 : 0, compareExit);
        Directory.Delete(earlierRun, recursive: true);
        Directory.Delete(laterRun, recursive: true);
    }

    private static string RunDirectory(string output) =>
        output.Split('\n').First(l => l.StartsWith("results: ", StringComparison.Ordinal))["results: ".Length..].Trim();
}
