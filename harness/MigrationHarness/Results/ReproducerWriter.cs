using System.Text;
using System.Text.Json;
using MigrationHarness.Builds;
using MigrationHarness.Campaign;
using MigrationHarness.Configs;
using MigrationHarness.Oracles;
using MigrationHarness.Qemu;
using MigrationHarness.Runner;
using MigrationHarness.Scenarios;
using MigrationHarness.Model;
using MigrationHarness.Records;

namespace MigrationHarness.Results;

/// <summary>
/// Writes <c>reproducers/&lt;case&gt;/</c> for a (shrunk) failure: config.json, both argv, the QMP
/// transcripts, stderr, the verdict and its evidence, the seed, a <c>repro.sh</c> that replays and
/// judges the failing hop with plain docker and the pinned image ids (<see cref="ReproScript"/>),
/// and a README.md for a bug report.
/// </summary>
public static class ReproducerWriter
{
    public static string Write(string reproducersRoot, CaseRecord record, CaseOutcome outcome, VmConfig config, IReadOnlyList<ReadyBuild> builds,
        ShrinkResult? shrink, Findings.HostDependence host)
    {
        var directory = Path.Combine(reproducersRoot, record.Id);
        Directory.CreateDirectory(directory);
        var judgement = outcome.Judgement;
        var hopIndex = judgement.Hop ?? 0;
        var hop = hopIndex < outcome.Observation.Hops.Count ? outcome.Observation.Hops[hopIndex] : null;
        var sourceArgv = hop?.Source?.Argv ?? outcome.Observation.FirstSource?.Argv ?? [];
        var destinationArgv = hop?.Destination?.Argv ?? [];

        File.WriteAllText(Path.Combine(directory, "config.json"), ConfigJson.Serialize(config));
        File.WriteAllText(Path.Combine(directory, "source.argv.json"), JsonSerializer.Serialize(sourceArgv));
        File.WriteAllText(Path.Combine(directory, "destination.argv.json"), JsonSerializer.Serialize(destinationArgv));
        File.WriteAllText(Path.Combine(directory, "evidence.txt"), Evidence(record, outcome));
        File.WriteAllText(Path.Combine(directory, "verdict.json"), JsonSerializer.Serialize(new
        {
            verdict = judgement.Verdict.Name(), reason = judgement.Reason, seed = record.Seed, index = record.Index, scenario = record.Scenario,
            hop = hop is null ? null : new { from = hop.From, to = hop.To },
            finding = record.Signature is null ? null : Findings.FindingCatalog.IdOf(Findings.FindingCatalog.IdentityOf(record.Signature)),
            host = host.Label,
            host_why = host.Why,
            builds = record.Builds, flaky = record.Flaky, confirmations = record.Confirmations, signature = record.Signature,
            shrunk = shrink is not null && shrink.Unconfirmed is null && !Equals(shrink.Shrunk, shrink.Original), shrink_runs = shrink?.Runs, shrink_seconds = shrink?.Duration.TotalSeconds,
        }, ResultsJson.Document));
        if (hop is not null)
        {
            var script = Path.Combine(directory, "repro.sh");
            File.WriteAllText(script, ReproScript.Render(record, hop, sourceArgv, destinationArgv, builds));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        File.WriteAllText(Path.Combine(directory, "README.md"), Readme(record, outcome, config, shrink, sourceArgv, destinationArgv, builds, host));
        return directory;
    }

    private static string Evidence(CaseRecord record, CaseOutcome outcome)
    {
        var text = new StringBuilder();
        text.AppendLine($"case {record.Id} seed {record.Seed} index {record.Index} scenario {record.Scenario}");
        text.AppendLine($"verdict: {outcome.Verdict.Name()}: {outcome.Judgement.Reason}");
        foreach (var (hop, i) in outcome.Observation.Hops.Select((h, i) => (h, i)))
        {
            text.AppendLine($"\n=== hop {i}: {hop.From} → {hop.To}: {hop.Status} {hop.Error}");
            text.AppendLine($"migration ends: source {hop.SourceMigration ?? "-"}, destination {hop.DestinationMigration ?? "-"}");
            foreach (var check in hop.Checks)
            {
                text.AppendLine($"check {check.Check}: {check.Verdict.Name()}: {check.Summary}");
                foreach (var difference in check.Differences) text.AppendLine($"  differs: {difference}");
                foreach (var line in check.Evidence) text.AppendLine($"  evidence: {line}");
            }
            foreach (var side in new[] { hop.Source, hop.Destination }.OfType<SideEvidence>())
            {
                text.AppendLine($"--- {side.Role} ({side.Build}) {side.Exit ?? "running"}");
                text.AppendLine("argv: " + ShellQuote.Join(side.Argv));
                text.AppendLine("qmp:");
                foreach (var line in side.Qmp) text.AppendLine("  " + line);
                text.AppendLine("stderr:");
                text.AppendLine(side.Stderr);
            }
        }
        return text.ToString();
    }

    private static string Readme(CaseRecord record, CaseOutcome outcome, VmConfig config, ShrinkResult? shrink, IReadOnlyList<string> sourceArgv,
        IReadOnlyList<string> destinationArgv, IReadOnlyList<ReadyBuild> builds, Findings.HostDependence host)
    {
        var text = new StringBuilder();
        text.AppendLine($"# {outcome.Verdict.Name()}: {Oneline(outcome.Judgement.Reason)}");
        text.AppendLine();
        text.AppendLine($"Found by MigrationHarness, case `{record.Id}` (seed {record.Seed}, index {record.Index}), scenario `{record.Scenario}`.");
        if (shrink is not null) text.AppendLine($"Shrunk in {shrink.Runs} re-runs ({shrink.Duration.TotalSeconds:0} s){(shrink.BudgetExhausted ? ", budget exhausted" : "")}.");
        if (shrink?.Unconfirmed is not null)
            text.AppendLine("A smaller config failed the same way once but not on every confirmation run: this reproducer keeps the original config.");
        if (record.Flaky) text.AppendLine($"**Flaky**: confirmation re-runs gave {string.Join(", ", record.Confirmations)}.");
        if (record.Signature is not null)
        {
            var identity = Findings.FindingCatalog.IdentityOf(record.Signature);
            text.AppendLine($"Finding `{Findings.FindingCatalog.IdOf(identity)}`, **{host.Label}** ({host.Why}): `{identity}`.");
        }
        text.AppendLine();
        text.AppendLine("| build | QEMU | package | image |");
        text.AppendLine("|---|---|---|---|");
        foreach (var b in builds) text.AppendLine($"| {b.Name} | {b.Resolved.QemuVersion} | {b.Resolved.PackageVersion} | `{b.Resolved.ImageId[..19]}` |");
        text.AppendLine();
        text.AppendLine("Source command line:");
        text.AppendLine("```");
        text.AppendLine(ShellQuote.Join(sourceArgv));
        text.AppendLine("```");
        text.AppendLine("Destination command line:");
        text.AppendLine("```");
        text.AppendLine(ShellQuote.Join(destinationArgv));
        text.AppendLine("```");
        text.AppendLine("Config (`config.json`):");
        text.AppendLine("```json");
        text.AppendLine(ConfigJson.Serialize(config));
        text.AppendLine("```");
        text.AppendLine("Replay with `sh repro.sh` (plain docker and the image ids above): it replays the hop with the guest paused, prints `verdict: …` " +
                        "and exits 0 when that is the verdict recorded here. Full QMP transcripts and stderr are in `evidence.txt`.");
        return text.ToString();
    }

    private static string Oneline(string text) => text.Replace('\n', ' ').Replace('\r', ' ');
}
