using MigrationHarness.Exporters;
using MigrationHarness.Findings;
using MigrationHarness.Qemu;
using MigrationHarness.Results;
using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Tiers;
using MigrationHarness.Model;
using MigrationHarness.Records;

namespace MigrationHarness.Tests.Findings;

/// <summary>The known-findings baseline: matching, expiry, "not seen", appending, bad files, and what a run then fails on.</summary>
public sealed class KnownFindingsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mh-known-").FullName;

    private static readonly IReadOnlyList<CaseRecord> Cases =
    [
        SampleRecords.Case(0, "pass", scenario: "forward/running"),
        SampleRecords.Case(1, "crash", detail: "source SIGABRT: physmem.c:#: Assertion failed"),
        SampleRecords.Case(2, "data-loss", "qemu-10.0", "qemu-7.2", scenario: "backward/running", detail: "guest-memory"),
    ];

    private string Write(string yaml)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("n") + ".yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static RunReport Report(IReadOnlyList<KnownFinding> known, IReadOnlyList<CaseRecord>? cases = null)
    {
        cases ??= Cases;
        var manifest = new RunManifest("run", 7, "mh run", DateTimeOffset.UnixEpoch, [], new HostFacts("k", "test cpu", false, 2, 1024), "tcg", "0", [], null, 1, null, 1);
        var order = new Dictionary<string, int> { ["qemu-7.2"] = 0, ["qemu-10.0"] = 1 };
        return new RunReport("run", manifest, cases, TierClassifier.Classify(cases, (a, b) => order[a] < order[b]), new Dictionary<string, string>())
        {
            Known = known,
            Today = new DateOnly(2026, 11, 24),
        };
    }

    [Fact]
    public void Entries_match_by_id_by_exact_signature_or_by_pattern()
    {
        var all = FindingCatalog.From(Cases, "test cpu");
        var crash = all.Single(f => f.Verdict == Verdict.Crash);
        var path = Write($"""
            known:
              - id: {crash.Id}
                note: the physmem assertion
              - signature: "data-loss | guest-memory"
              - match: "^hang \\|"
            """);

        var known = KnownFindingsFile.Load(path);
        var triage = FindingTriage.Of(all, known, new DateOnly(2026, 11, 24));

        Assert.Empty(triage.New);
        Assert.Equal(2, triage.Known.Count);
        Assert.Equal("the physmem assertion", triage.Known.Single(k => k.Finding.Id == crash.Id).Entry.Note);
        Assert.Equal("/^hang \\|/", Assert.Single(triage.NotSeen).Describe());
    }

    [Fact]
    public void A_run_whose_findings_are_all_known_meets_expectations_and_one_removed_from_the_baseline_fails_it_by_name()
    {
        var findings = FindingCatalog.From(Cases, "test cpu");
        var all = Write("known:\n" + string.Concat(findings.Select(f => $"  - id: {f.Id}\n")));
        var allButCrash = Write("known:\n" + string.Concat(findings.Where(f => f.Verdict != Verdict.Crash).Select(f => $"  - id: {f.Id}\n")));

        Assert.False(Report([]).ExpectationsMet);
        Assert.True(Report(KnownFindingsFile.Load(all)).ExpectationsMet);
        var report = Report(KnownFindingsFile.Load(allButCrash));
        Assert.False(report.ExpectationsMet);
        Assert.Equal("crash", Assert.Single(report.FailingFindings).Verdict.Name());
    }

    [Fact]
    public void A_tier_violated_only_by_known_findings_is_not_new_and_one_with_a_new_finding_is()
    {
        var refusal = new[] { SampleRecords.Case(0, "clean-reject", detail: "destination: Unknown savevm section") };
        var finding = Assert.Single(FindingCatalog.From(refusal, "test cpu"));
        var known = KnownFindingsFile.Load(Write($"known:\n  - id: {finding.Id}\n"));

        Assert.Single(Report([], refusal).NewViolations);
        Assert.Single(Report([], refusal).FailingFindings);
        Assert.Empty(Report(known, refusal).NewViolations);
        Assert.True(Report(known, refusal).ExpectationsMet);
    }

    [Fact]
    public void A_backward_refusal_is_a_new_finding_that_breaks_no_promise()
    {
        var report = Report([], [SampleRecords.Case(0, "clean-reject", "qemu-10.0", "qemu-7.2", scenario: "backward/paused")]);

        Assert.Single(report.Triage.New);
        Assert.Empty(report.FailingFindings);
        Assert.True(report.ExpectationsMet);
    }

    [Fact]
    public void An_expired_entry_no_longer_hides_its_finding()
    {
        var crash = FindingCatalog.From(Cases, "test cpu").Single(f => f.Verdict == Verdict.Crash);
        var known = KnownFindingsFile.Load(Write($"known:\n  - id: {crash.Id}\n    expires: 2026-11-23\n"));

        var report = Report(known);

        Assert.Contains(report.Triage.New, f => f.Id == crash.Id);
        Assert.Single(report.Triage.Expired);
    }

    [Fact]
    public void Nothing_judged_when_every_case_is_not_applicable()
    {
        Assert.True(Report([], [SampleRecords.Case(0, "not-applicable"), SampleRecords.Case(1, "not-applicable")]).NothingJudged);
        Assert.False(Report([]).NothingJudged);
    }

    [Fact]
    public void Appending_keeps_the_file_readable_and_its_comments_and_round_trips_any_signature()
    {
        var path = Path.Combine(_directory, "baseline.yaml");
        var hostile = SampleRecords.Case(0, "crash", detail: "source SIGABRT: \"quoted\" # not a comment: {braces} [x] \\ back\nslash");
        var finding = Assert.Single(FindingCatalog.From([hostile], "test cpu"));

        KnownFindingsFile.Append(path, finding, "first note", "https://example.invalid/1", new DateOnly(2027, 1, 31));
        File.AppendAllText(path, "# a comment someone wrote\n");
        KnownFindingsFile.Append(path, finding, null, null, null);

        var entries = KnownFindingsFile.Load(path);
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.True(e.Matches(finding)));
        Assert.Equal(finding.Identity, entries[0].Signature);
        Assert.Equal(new DateOnly(2027, 1, 31), entries[0].Expires);
        Assert.Contains("# a comment someone wrote", File.ReadAllText(path));
    }

    [Theory]
    [InlineData("known:\n  - note: nothing to match\n", "needs 'id', 'signature' or 'match'")]
    [InlineData("known:\n  - id: 1234\n", "is not a finding id")]
    [InlineData("known:\n  - match: \"(\"\n", "is not a regular expression")]
    [InlineData("known:\n  - id: F00000000\n    expires: soon\n", "is not a date")]
    [InlineData("known:\n", "no 'known:' list")]
    [InlineData("other: []\n", "unknown key 'other' at the top level; expected a mapping with a 'known:' list")]
    [InlineData("- id: F00000000\n", "the top level is a list; expected a mapping with a 'known:' list")]
    [InlineData("F00000000\n", "the top level is 'F00000000'; expected a mapping with a 'known:' list")]
    [InlineData("known: F00000000\n", "'known' is 'F00000000'; expected a list of known findings")]
    [InlineData("known:\n  - F00000000\n", "known #1 is 'F00000000'; expected a known finding: a mapping with id, signature or match")]
    [InlineData("known: [\n", ".yaml:")]
    public void A_bad_baseline_is_bad_input_in_one_line(string yaml, string expected)
    {
        var error = Assert.Throws<BadInputException>(() => KnownFindingsFile.Load(Write(yaml)));

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
