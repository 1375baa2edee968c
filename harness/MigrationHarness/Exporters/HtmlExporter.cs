using MigrationHarness.Analysis.Causes;
using System.Net;
using System.Text;
using MigrationHarness.Tiers;
using MigrationHarness.Model;

namespace MigrationHarness.Exporters;

/// <summary>
/// <c>report.html</c>: one self-contained page (no scripts, no external files): for each
/// machine-type family a source × destination grid coloured by the worst verdict seen, linking to
/// each failure and its reproducer; the tiers; the builds and host. Every string that came from
/// QEMU or from input files is HTML-encoded.
/// </summary>
public sealed class HtmlExporter : ResultExporter
{
    public override string FileName => "report.html";

    protected override string Render(RunReport report)
    {
        static string E(object? value) => WebUtility.HtmlEncode(value?.ToString() ?? "");
        var builds = report.Manifest.Builds.Select(b => b.Name).ToArray();
        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>MigrationHarness {{E(report.RunId)}}</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2em;color:#222}
            table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:.35em .6em;text-align:left;vertical-align:top}
            .grid td{width:9em;height:3.2em;text-align:center}
            {{string.Concat(Model.VerdictTable.All.Select(v => $".v-{v.Name}{{background:{v.HtmlColour}}}"))}}.v-none{background:#fafafa;color:#aaa}.v-not-promised{background:#e4e4ef}
            .bad{color:#b00020;font-weight:bold}code,pre{font-size:.9em}pre{white-space:pre-wrap;background:#f6f6f6;padding:.5em}
            </style></head><body>
            <h1>MigrationHarness run {{E(report.RunId)}}</h1>
            <p>Seed <b>{{E(report.Manifest.Seed)}}</b> · {{report.Cases.Count}} cases · {{E(report.Manifest.Accelerator)}} ·
            {{report.Findings.Count}} findings ({{report.Triage.New.Count}} new) ·
            expectations <span class="{{(report.ExpectationsMet ? "" : "bad")}}">{{(report.NothingJudged ? "nothing judged" : report.ExpectationsMet ? "met" : "violated")}}</span></p>
            """);

        foreach (var family in report.Cases.Select(c => c.MachineFamily).Distinct().Order(StringComparer.Ordinal))
        {
            html.Append($"<h2>{E(family)}</h2><table class=\"grid\"><tr><th>source ↓ destination →</th>");
            foreach (var b in builds) html.Append($"<th>{E(b)}</th>");
            html.Append("</tr>");
            foreach (var from in builds)
            {
                html.Append($"<tr><th>{E(from)}</th>");
                foreach (var to in builds)
                {
                    var hops = report.Cases.Where(c => c.MachineFamily == family)
                        .SelectMany(c => c.Hops.Where(h => h.From == from && h.To == to).Select(h => (Case: c, Hop: h))).ToArray();
                    if (hops.Length == 0) { html.Append("<td class=\"v-none\">–</td>"); continue; }
                    // Red only where a promise broke: a hop that drifted in ways QEMU does not promise is counted apart, in grey.
                    var breaking = hops.Where(h => h.Hop.Verdict is not (Verdict.Pass or Verdict.NotApplicable) && Findings.FindingCatalog.CausesOf(h.Case).Any(c => c.Breaks)).ToArray();
                    var unpromised = hops.Count(h => h.Hop.Verdict is not (Verdict.Pass or Verdict.NotApplicable) && !Findings.FindingCatalog.CausesOf(h.Case).Any(c => c.Breaks));
                    var passed = hops.Count(h => h.Hop.Verdict == Verdict.Pass);
                    var cell = $"{passed} ✓" + (breaking.Length > 0 ? $" · {breaking.Length} ✗" : "") + (unpromised > 0 ? $" · {unpromised} not promised" : "");
                    if (breaking.Length > 0)
                    {
                        var worst = breaking.MaxBy(h => h.Hop.Verdict.Info().Severity);
                        html.Append($"<td class=\"v-{E(worst.Hop.Verdict.Name())}\"><a href=\"#{E(worst.Case.Id)}\">{cell}<br>{E(worst.Hop.Verdict.Name())}</a></td>");
                    }
                    else html.Append($"<td class=\"{(unpromised > 0 ? "v-not-promised" : passed > 0 ? "v-pass" : "v-not-applicable")}\">{cell}</td>");
                }
                html.Append("</tr>");
            }
            html.Append("</table>");
        }

        html.Append($"<h2>Support tiers</h2><p><small>A positive tier needs {E(TierEvidenceRule.Default)}.</small></p><table><tr><th>older</th><th>newer</th><th>machine type</th><th>met</th><th>expected</th><th>status</th><th>evidence</th><th>coverage</th></tr>");
        foreach (var t in report.Tiers)
            html.Append($"<tr><td>{E(t.Older)}</td><td>{E(t.Newer)}</td><td>{E(t.MachineType)}</td><td class=\"{(t.Violated ? "bad" : "")}\">{E(t.Display)}</td>" +
                        $"<td>{E(t.Expected.Name())}</td><td>{E(StatusText(t))}</td><td><small>{E(t.Evidence.Summary)}</small></td><td><small>{E(t.Evidence.Coverage.Summary(3))}</small></td></tr>");
        html.Append("</table>");

        html.Append("<h2>Coverage per pair</h2><p><small>How many judged cases exercised each class of the config space; a class the pair's builds can run that no case exercised is marked.</small></p>");
        foreach (var (older, newer, coverage) in report.PairCoverage)
        {
            html.Append($"<h3>{E(older)} ↔ {E(newer)}: {E(coverage.Summary(0))}</h3><table><tr><th>dimension</th><th>classes (cases)</th></tr>");
            var classes = coverage.Exercised.Select(e => (Name: e.Key, Count: e.Value)).Concat(coverage.Missing.Select(m => (Name: m, Count: 0)));
            foreach (var dimension in classes.GroupBy(c => c.Name.Split('=')[0]).OrderBy(g => g.Key, StringComparer.Ordinal))
                html.Append($"<tr><td>{E(dimension.Key)}</td><td>{string.Join(" · ", dimension.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c =>
                    c.Count == 0 ? $"<span class=\"bad\">{E(c.Name.Split('=', 2)[1])}: none</span>" : $"{E(c.Name.Split('=', 2)[1])}: {c.Count}"))}</td></tr>");
            html.Append("</table>");
        }

        if (report.RegressionCases.Count > 0)
        {
            html.Append($"<h2>Regression corpus ({report.RegressionCases.Count} reproducers replayed first)</h2><table><tr><th>case</th><th>was</th><th>now</th><th>reproducer replayed</th></tr>");
            foreach (var c in report.RegressionCases)
                html.Append($"<tr><td>{E(c.Id)}</td><td>{E(c.PreviousVerdict?.Name())}</td><td class=\"v-{E(c.Verdict.Name())}\">{E(c.Verdict.Name())}</td><td><code>{E(c.Origin)}</code></td></tr>");
            html.Append("</table>");
        }

        var triage = report.Triage;
        html.Append($"<h2>Findings ({report.Findings.Count}: {report.Findings.Count(report.BreaksPromise)} breaking a promise, {triage.New.Count} new, {triage.Known.Count} known)</h2>");
        var lastGroup = "";
        foreach (var finding in report.Findings)
        {
            var group = report.BreaksPromise(finding) ? "Promises broken" : $"Not promised by QEMU: {finding.Cause.Title()}";
            if (group != lastGroup) html.Append($"<h2>{E(group)}</h2>");
            lastGroup = group;
            var known = triage.EntryFor(finding.Id);
            var first = report.Cases.First(c => c.Id == finding.FirstCase);
            html.Append($"<h3 id=\"{E(finding.Id)}\" class=\"v-{E(finding.Verdict.Name())}\">{string.Concat(finding.Cases.Select(id => $"<span id=\"{E(id)}\"></span>"))}" +
                        $"{E(finding.Id)} {E(finding.Verdict.Name())} ×{finding.Count} — {(known is null ? "<span class=\"bad\">new</span>" : "known")}</h3>");
            html.Append($"<p><code>{E(finding.Detail)}</code></p><p>{E(finding.Cause.Title())}: {E(finding.Summary)}<br>judged by the promise table: {E(string.Join(", ", finding.Promises))}</p>");
            if (finding.HistoryLabel is { } label) html.Append($"<p>{E(label)}</p>");
            html.Append($"<p>{E(finding.Host.Label)} ({E(finding.Host.Why)})");
            if (known is not null) html.Append($"<br>known: {E(known.Note)} {(known.Link is null ? "" : $"<a href=\"{E(known.Link)}\">{E(known.Link)}</a>")}");
            html.Append("</p><table><tr><th>source → destination</th><th>machine type</th><th>scenario</th><th>accelerator</th><th>cases</th></tr>");
            foreach (var o in finding.SeenOn)
                html.Append($"<tr><td>{E(o.Source)} → {E(o.Destination)}</td><td>{E(o.MachineType)}</td><td>{E(o.Scenario)}</td><td>{E(o.Accelerator)}</td><td>{o.Cases}</td></tr>");
            html.Append($"</table><p>First case {E(finding.FirstCase)}, last {E(finding.LastCase)}: {E(first.Reason)}</p>");
            if (report.ReproducerOf(finding) is { } reproducer)
                html.Append($"<p>Reproducer: <a href=\"{E(reproducer)}/README.md\">{E(reproducer)}</a> (<a href=\"{E(reproducer)}/repro.sh\">repro.sh</a>)" +
                            (report.FailingFindings.Contains(finding) ? $"; bug report: <a href=\"{E(reproducer)}/{BugReport.FileName}\">{BugReport.FileName}</a>" : "") + "</p>");
            foreach (var hop in first.Hops.Where(h => h.Verdict != Verdict.Pass))
            {
                html.Append($"<pre>{E(hop.From)} → {E(hop.To)}: {E(hop.Status)} {E(hop.Error)}\nsource exit: {E(hop.SourceExit)} · destination exit: {E(hop.DestinationExit)}\n");
                foreach (var d in hop.AbiDifferences) html.Append($"differs: {E(d)}\n");
                if (hop.DestinationStderrTail is { } stderr) html.Append($"destination stderr:\n{E(stderr)}\n");
                html.Append("</pre>");
            }
        }
        if (triage.NotSeen.Count > 0)
            html.Append($"<p>Known, not seen this run: {string.Join(", ", triage.NotSeen.Select(k => $"<code>{E(k.Describe())}</code> {E(k.Note)}"))}</p>");
        var flaky = report.Cases.Where(c => c.Flaky).ToArray();
        if (flaky.Length > 0)
            html.Append($"<p>Flaky (did not repeat; not findings): {string.Join(", ", flaky.Select(c => $"<span id=\"{E(c.Id)}\">{E(c.Id)} {E(c.Verdict.Name())}</span>"))}</p>");

        html.Append("<h2>Builds and host</h2><table><tr><th>build</th><th>QEMU</th><th>package</th><th>image</th><th>source</th></tr>");
        foreach (var b in report.Manifest.Builds)
            html.Append($"<tr><td>{E(b.Name)}</td><td>{E(b.QemuVersion)}</td><td>{E(b.PackageVersion)}</td><td><code>{E(b.ImageId[..Math.Min(19, b.ImageId.Length)])}</code></td><td>{E(b.Source)}</td></tr>");
        html.Append("</table>");
        var host = report.Manifest.Host;
        html.Append($"<p>Host: kernel {E(host.Kernel)}, {E(host.CpuModel)}, {host.Cores} cores, {host.MemoryMiB} MiB, KVM {(host.KvmUsable ? "usable" : "not usable (TCG)")}. Harness {E(report.Manifest.HarnessVersion)}. Command: <code>{E(report.Manifest.Command)}</code></p>");
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static string StatusText(TierRow row) => row.Status switch
    {
        TierStatus.Met => "met",
        TierStatus.Violated => "violated",
        _ => "not judged",
    };
}
