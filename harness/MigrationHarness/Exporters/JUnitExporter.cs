using System.Xml.Linq;

namespace MigrationHarness.Exporters;

/// <summary><c>junit.xml</c>: one test case per pair × machine type × scenario; failures name the reproducer.</summary>
public sealed class JUnitExporter : ResultExporter
{
    public override string FileName => "junit.xml";

    protected override string Render(RunReport report)
    {
        var groups = report.Cases.Where(c => c.Verdict is not "not-applicable" and not "infra-error")
            .GroupBy(c => (Pair: string.Join("→", c.Builds), c.MachineType, c.Scenario)).OrderBy(g => g.Key.ToString(), StringComparer.Ordinal).ToArray();
        var suite = new XElement("testsuite",
            new XAttribute("name", $"MigrationHarness {report.RunId}"),
            new XAttribute("tests", groups.Length),
            new XAttribute("failures", groups.Count(g => g.Any(c => c.Verdict != "pass"))),
            groups.Select(g =>
            {
                var failing = g.Where(c => c.Verdict != "pass").ToArray();
                var element = new XElement("testcase", new XAttribute("classname", g.Key.Pair), new XAttribute("name", $"{g.Key.MachineType} {g.Key.Scenario}"),
                    new XAttribute("time", (g.Sum(c => c.DurationMs) / 1000).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)));
                if (failing.Length > 0)
                {
                    var first = failing[0];
                    var reproducer = report.Reproducers.TryGetValue(first.Id, out var path) ? path : "(none)";
                    element.Add(new XElement("failure", new XAttribute("message", $"{first.Verdict}: {first.Reason}"),
                        $"{failing.Length} of {g.Count()} cases failed; first {first.Id} (seed {first.Seed}); reproducer {reproducer}"));
                }
                return element;
            }));
        return new XDocument(new XElement("testsuites", suite)).ToString();
    }
}
