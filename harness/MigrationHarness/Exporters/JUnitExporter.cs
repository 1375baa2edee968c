using System.Globalization;
using System.Xml.Linq;
using MigrationHarness.Analysis.Causes;
using MigrationHarness.Model;
using MigrationHarness.Tiers;

namespace MigrationHarness.Exporters;

/// <summary>
/// <c>junit.xml</c>: one test per finding (failed when it fails the run; a known one is skipped with
/// its note, so a nightly goes green until something new appears) and one per judged tier row.
/// </summary>
public sealed class JUnitExporter : ResultExporter
{
    public override string FileName => "junit.xml";

    protected override string Render(RunReport report)
    {
        var triage = report.Triage;
        var failing = report.FailingFindings.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var findings = report.Findings.Select(f =>
        {
            var element = new XElement("testcase", new XAttribute("classname", "findings"), new XAttribute("name", $"{f.Id} {f.Verdict.Name()}: {f.Detail}"),
                new XAttribute("time", "0"));
            var reproducer = report.ReproducerOf(f) ?? "(none)";
            var known = triage.EntryFor(f.Id);
            if (known is not null) element.Add(new XElement("skipped", new XAttribute("message", $"known: {known.Note ?? known.Describe()}")));
            else if (failing.Contains(f.Id))
                element.Add(new XElement("failure", new XAttribute("message", $"{f.Verdict.Name()}: {f.Detail}"),
                    $"{f.Count} cases on {f.Pairs}; first {f.FirstCase}, last {f.LastCase} (seed {report.Manifest.Seed}); {f.Host.Label}; reproducer {reproducer}"));
            else element.Add(new XElement("skipped", new XAttribute("message",
                $"not promised by QEMU ({f.Cause.Name()}: {string.Join(", ", f.Promises)}): {f.Count} cases on {f.Pairs}; first {f.FirstCase}")));
            return element;
        }).ToArray();
        var newViolations = report.NewViolations.ToHashSet();
        var tiers = report.Tiers.Where(t => t.Status != Tiers.TierStatus.NotJudged).Select(t =>
        {
            var element = new XElement("testcase", new XAttribute("classname", $"tiers.{t.Older}-{t.Newer}"), new XAttribute("name", $"{t.MachineType} meets {t.Expected.Name()}"),
                new XAttribute("time", "0"));
            if (t.Violated && newViolations.Contains(t))
                element.Add(new XElement("failure", new XAttribute("message", $"met {t.Tier.Name()}, expected {t.Expected.Name()}"),
                    $"{t.Evidence.Summary}; cases {string.Join(", ", t.FailingCases)}"));
            else if (t.Violated) element.Add(new XElement("skipped", new XAttribute("message", $"met {t.Tier.Name()}, expected {t.Expected.Name()}: known findings only")));
            return element;
        }).ToArray();
        var properties = new XElement("properties", report.PairCoverage.Select(p =>
            new XElement("property", new XAttribute("name", $"coverage {p.Older}-{p.Newer}"), new XAttribute("value", p.Coverage.Summary(50)))));
        var suite = new XElement("testsuite",
            new XAttribute("name", $"MigrationHarness {report.RunId}"),
            new XAttribute("tests", findings.Length + tiers.Length),
            new XAttribute("failures", findings.Concat(tiers).Count(e => e.Element("failure") is not null)),
            new XAttribute("skipped", findings.Concat(tiers).Count(e => e.Element("skipped") is not null)),
            new XAttribute("time", (report.Cases.Sum(c => c.DurationMs) / 1000).ToString("0.###", CultureInfo.InvariantCulture)),
            properties, findings, tiers);
        return new XDocument(new XElement("testsuites", suite)).ToString();
    }
}
