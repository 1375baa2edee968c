using MigrationHarness.Results;
using System.Text.RegularExpressions;
using MigrationHarness.Builds;
using MigrationHarness.Campaign;
using MigrationHarness.Configs;
using MigrationHarness.Exporters;
using MigrationHarness.Qemu;
using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Tiers;
using MigrationHarness.Records;

namespace MigrationHarness.Tests.Results;

/// <summary>
/// report.html as a browser shows it: rendered by headless Chromium, the tier grid's cells carry
/// their verdict colours, every grid link leads to a failure on the page, and strings that came
/// from QEMU or input files (here: markup that would run script) stay text.
/// </summary>
public sealed partial class ReportScreenshotTests : IDisposable
{
    // If any of this became markup, the page's title or root element would change when it loads.
    private const string Hostile = "<img src=x onerror=\"document.title='mh-pwned'\"><script>document.documentElement.setAttribute('data-pwned','1')</script>$(id)";
    private const int PassColour = 0xc8ecc8, CrashColour = 0xff8a80, DriftColour = 0xffc2a6;
    private readonly string _directory = Directory.CreateTempSubdirectory("mh-report-").FullName;

    [Fact(Timeout = 120_000)]
    public async Task The_report_renders_its_coloured_grid_and_links_and_keeps_hostile_strings_as_text()
    {
        var cases = new[]
        {
            Case(0, "pass", "qemu-5.2", "qemu-7.2", "pass"),
            Case(1, "crash", "qemu-7.2", "qemu-5.2", Hostile),
            Case(2, "abi-drift", "qemu-5.2", "qemu-10.0", "cpu xlevel: 0 → 2147483649"),
        };
        var tiers = new[] { new TierRow("qemu-5.2", "qemu-7.2", "pc-q35-5.2", SupportTier.Broken, SupportTier.Forward, TierStatus.Violated, TierEvidence.None with { ForwardPass = 1, Broken = 1, BrokenCases = ["c000001"] }) };
        var report = new RunReport("run-" + Hostile, Manifest(), cases, tiers, new Dictionary<string, string> { ["c000001"] = "reproducers/c000001" });
        await new HtmlExporter().ExportAsync(report, _directory);
        var page = Path.Combine(_directory, "report.html");

        var png = Path.Combine(_directory, "report.png");
        await HeadlessChromium.ScreenshotAsync(page, png, 1280, 1400);
        var dom = await HeadlessChromium.DumpDomAsync(page);

        var shot = PngImage.Read(png);
        Assert.Equal((1280, 1400), (shot.Width, shot.Height));
        // A grid cell is about 140 × 50 pixels; each verdict colour must fill at least most of one.
        Assert.True(shot.Count(PassColour) > 3000, $"pass colour: {shot.Count(PassColour)} pixels");
        Assert.True(shot.Count(CrashColour) > 3000, $"crash colour: {shot.Count(CrashColour)} pixels");
        Assert.True(shot.Count(DriftColour) > 3000, $"drift colour: {shot.Count(DriftColour)} pixels");

        Assert.DoesNotContain("data-pwned=\"1\"", dom);
        Assert.DoesNotContain("mh-pwned</title>", dom);
        Assert.Contains("&lt;script&gt;document.documentElement.setAttribute", dom);
        var targets = Anchors().Matches(dom).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(["c000001", "c000002"], targets.Distinct().Order());
        Assert.All(targets, id => Assert.Contains($"id=\"{id}\"", dom));
    }

    private static CaseRecord Case(long index, string verdict, string from, string to, string reason) =>
        new($"c{index:D6}", index, 7, "forward/paused", new[] { from, to }.Order(StringComparer.Ordinal).ToArray(), "pc-q35-5.2",
            VmConfig.Minimal("pc-q35-5.2", Accelerator.Kvm), verdict.AsVerdict(), reason, false, [], verdict == "pass" ? null : $"{verdict} | {index}",
            [new HopSummary(from, to, verdict.AsVerdict(), "Completed", reason, "exit 0", null, ["-name", Hostile], ["-name", Hostile], Hostile, Hostile, [reason], 1)], 1);

    private static RunManifest Manifest()
    {
        ResolvedBuild Build(string name, string version) => new(name, "image", "mh-build:" + name, "sha256:" + new string('a', 64), version, "", "", DateTimeOffset.UnixEpoch);
        return new RunManifest("run", 7, "mh run " + Hostile, DateTimeOffset.UnixEpoch, [Build("qemu-5.2", "5.2.0"), Build("qemu-7.2", "7.2.0"), Build("qemu-10.0", "10.0.0")],
            new HostFacts(Hostile, Hostile, true, 2, 1024), "kvm", "0", ["forward/paused"], null, 3, null, 1);
    }

    [GeneratedRegex("<a href=\"#([^\"]+)\"")]
    private static partial Regex Anchors();

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
