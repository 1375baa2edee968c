using System.Text.Json;
using MigrationHarness.Qemu;
using MigrationHarness.Results;
using MigrationHarness.Records;

namespace MigrationHarness.Tests.Cli;

/// <summary>
/// A recorded run cannot silently drift: resume refuses a command line that contradicts its manifest,
/// merge refuses shards that are not one campaign, and a bad baseline is refused, each in one line
/// with exit 2 before any container starts.
/// </summary>
public sealed class RecordedRunRefusalTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mh-recorded-").FullName;

    private static readonly RunFingerprint Fingerprint = new("1.0", ["qemu-7.2=sha256:aa", "qemu-10.0=sha256:bb"], "sha256:space", "tcg tcg 4096 MiB",
        ["forward/paused"], ["qemu-7.2:qemu-10.0"], "^pc-q35");

    private string Run(string name, string? shard = null, ulong seed = 7)
    {
        var directory = Path.Combine(_directory, name);
        Directory.CreateDirectory(directory);
        var builds = new[] { ("qemu-7.2", "7.2.22"), ("qemu-10.0", "10.0.13") }
            .Select(b => new MigrationHarness.Builds.ResolvedBuild(b.Item1, "debian", "img", "sha256:aa", b.Item2, "qemu-system-x86", "1", DateTimeOffset.UnixEpoch)).ToArray();
        var manifest = new RunManifest(name, seed, "mh run", DateTimeOffset.UnixEpoch, builds, new HostFacts("k", "cpu", false, 2, 1024), "tcg", "1.0",
            ["forward/paused"], shard, 10, null, 1) { Fingerprint = Fingerprint };
        File.WriteAllText(Path.Combine(directory, "manifest.json"), JsonSerializer.Serialize(manifest, ResultsJson.Document));
        File.WriteAllText(Path.Combine(directory, "cases.jsonl"), "");
        return directory;
    }

    private static async Task<string> RefusedAsync(params string[] args)
    {
        using var mh = new MhProcess(args);
        var exit = await mh.WaitAsync(TimeSpan.FromSeconds(50));
        Assert.Equal(2, exit);
        return Assert.Single(mh.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Theory(Timeout = 60_000)]
    [InlineData("--seed", "8", "--seed 8 contradicts the recorded run (seed 7)")]
    [InlineData("--build", "qemu-11.1", "--build qemu-11.1 contradicts the recorded run (builds qemu-7.2,qemu-10.0)")]
    [InlineData("--scenario", "backward/paused", "--scenario backward/paused contradicts")]
    [InlineData("--pair", "qemu-7.2:qemu-11.1", "--pair qemu-7.2:qemu-11.1 contradicts")]
    [InlineData("--machine", "^pc-i440fx", "--machine ^pc-i440fx contradicts the recorded run (machine filter ^pc-q35)")]
    [InlineData("--shard", "1/2", "--shard 1/2 contradicts the recorded run (shard none)")]
    public async Task Resume_refuses_a_command_line_that_contradicts_the_manifest(string option, string value, string expected)
    {
        var line = await RefusedAsync("run", "--resume", Run("resumed"), option, value);

        Assert.Contains(expected, line);
    }

    [Fact(Timeout = 60_000)]
    public async Task Resume_accepts_the_same_options_given_again_in_another_order_up_to_the_engine()
    {
        // Same seed, builds (other order) and pair (other way round): the plan check passes and the run goes on to the builds catalog.
        using var mh = new MhProcess("--builds", "/nonexistent.yaml", "run", "--resume", Run("same"), "--seed", "7",
            "--build", "qemu-10.0", "--build", "qemu-7.2", "--pair", "qemu-10.0:qemu-7.2");
        Assert.Equal(2, await mh.WaitAsync(TimeSpan.FromSeconds(50)));
        Assert.Contains("does not exist", mh.Output);
        Assert.DoesNotContain("contradicts", mh.Output);
    }

    [Fact(Timeout = 60_000)]
    public async Task Merge_refuses_a_missing_shard_and_a_duplicated_one()
    {
        Assert.Contains("shard 2/3 missing", await RefusedAsync("results", "merge", Path.Combine(_directory, "out1"), Run("a", "1/3"), Run("c", "3/3")));
        Assert.Contains("shard 1/2 given twice", await RefusedAsync("results", "merge", Path.Combine(_directory, "out2"), Run("d", "1/2"), Run("e", "1/2"), Run("f", "2/2")));
        Assert.Contains("different seeds", await RefusedAsync("results", "merge", Path.Combine(_directory, "out3"), Run("g", "1/2"), Run("h", "2/2", seed: 9)));
        Assert.False(Directory.Exists(Path.Combine(_directory, "out1")));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_bad_baseline_or_replay_source_is_refused_in_one_line()
    {
        var baseline = Path.Combine(_directory, "known.yaml");
        File.WriteAllText(baseline, "known:\n  - id: nope\n");

        Assert.Contains("is not a finding id", await RefusedAsync("run", "--known", baseline));
        Assert.Contains("does not exist", await RefusedAsync("run", "--known", Path.Combine(_directory, "missing.yaml")));
        Assert.Contains("--from needs --replay", await RefusedAsync("run", "--from", Run("source")));
        Assert.Contains("no such finding", await RefusedAsync("known", "add", Run("empty"), "F00000000", "--file", baseline + ".new"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
