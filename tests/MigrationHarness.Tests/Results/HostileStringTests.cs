using MigrationHarness.Builds;
using MigrationHarness.Campaign;
using MigrationHarness.Configs;
using MigrationHarness.Exporters;
using MigrationHarness.Migration;
using MigrationHarness.Oracles;
using MigrationHarness.Processes;
using MigrationHarness.Qemu;
using MigrationHarness.Results;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Tiers;
using MigrationHarness.Model;
using MigrationHarness.Records;

namespace MigrationHarness.Tests.Results;

/// <summary>Strings from QEMU or input files never run in a shell or render as markup.</summary>
public sealed class HostileStringTests : IDisposable
{
    private const string Hostile = "x'; touch /tmp/mh-pwned; echo '$(touch /tmp/mh-pwned2)`id`\"\n<script>alert(1)</script>&amp;";
    private readonly string _directory = Directory.CreateTempSubdirectory("mh-hostile-").FullName;

    [Theory]
    [InlineData("plain")]
    [InlineData("with space")]
    [InlineData(Hostile)]
    public async Task Shell_quoting_makes_any_value_one_literal_word(string value)
    {
        var echo = await HostCommand.RunAsync("sh", ["-c", "printf '%s' " + ShellQuote.Quote(value)], TimeSpan.FromSeconds(30));

        Assert.Equal(value, echo.StandardOutput);
        Assert.False(File.Exists("/tmp/mh-pwned"));
        Assert.False(File.Exists("/tmp/mh-pwned2"));
    }

    [Fact]
    public async Task A_hostile_reason_argv_and_stderr_are_encoded_in_the_html_report_and_quoted_in_repro_sh()
    {
        var record = Record();
        var report = new RunReport("run<1>", Manifest(), [record], [new TierRow("qemu-5.2", "qemu-7.2", "pc-q35-5.2", SupportTier.Broken, SupportTier.Forward, TierStatus.Violated, TierEvidence.None with { Broken = 1, BrokenCases = [record.Id] })],
            new Dictionary<string, string> { [record.Id] = "reproducers/" + record.Id });

        await new HtmlExporter().ExportAsync(report, _directory);
        var html = await File.ReadAllTextAsync(Path.Combine(_directory, "report.html"));

        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("run<1>", html);

        var outcome = new CaseOutcome(new Judgement(Verdict.Crash, Hostile, 0), new CaseObservation(null, null,
        [
            new HopObservation("qemu-5.2", "qemu-7.2", MigrationStatus.ProcessDied, Hostile,
                new SideEvidence("src", "qemu-5.2", ["qemu-system-x86_64", "-name", Hostile], [], Hostile, "exit 0"),
                new SideEvidence("dst0", "qemu-7.2", ["qemu-system-x86_64", "-name", Hostile], [], Hostile, "killed by signal 9 (exit 137)"),
                true, [], PhaseTimings.Zero),
        ], null), TimeSpan.Zero);
        var directory = ReproducerWriter.Write(_directory, record, outcome, record.Config, Builds(), null, MigrationHarness.Findings.HostDependence.Unknown("test cpu"));
        var script = await File.ReadAllTextAsync(Path.Combine(directory, "repro.sh"));

        Assert.Contains(ShellQuote.Quote(Hostile), script);
        Assert.Equal(2, CountOf(script, ShellQuote.Quote(Hostile)));
        var syntax = await HostCommand.RunAsync("sh", ["-n", Path.Combine(directory, "repro.sh")], TimeSpan.FromSeconds(30));
        Assert.Equal(0, syntax.ExitCode);
    }

    private static CaseRecord Record() => new("c000001", 1, 7, "forward/paused", ["qemu-5.2", "qemu-7.2"], "pc-q35-5.2",
        VmConfig.Minimal("pc-q35-5.2", Accelerator.Kvm), Verdict.Crash, Hostile, false, [], "crash | x", [
            new HopSummary("qemu-5.2", "qemu-7.2", Verdict.Crash, "ProcessDied", Hostile, "exit 0", "killed by signal 9", ["-name", Hostile], ["-name", Hostile],
                Hostile, Hostile, [Hostile], 1),
        ], 1);

    private static IReadOnlyList<ReadyBuild> Builds() =>
    [
        new(new Build("qemu-5.2", new BuildSource.ExistingImage("img")), new ResolvedBuild("qemu-5.2", "image", "img", "sha256:" + new string('a', 64), "5.2.0", "", "", DateTimeOffset.UnixEpoch)),
        new(new Build("qemu-7.2", new BuildSource.ExistingImage("img")), new ResolvedBuild("qemu-7.2", "image", "img", "sha256:" + new string('b', 64), "7.2.0", "", "", DateTimeOffset.UnixEpoch)),
    ];

    private static RunManifest Manifest() => new("run<1>", 7, "mh run " + Hostile, DateTimeOffset.UnixEpoch, Builds().Select(b => b.Resolved).ToArray(),
        new HostFacts(Hostile, Hostile, true, 2, 1024), "kvm", "0", ["forward/paused"], null, 1, null, 1);

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
