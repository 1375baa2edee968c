using MigrationHarness.Processes;
using MigrationHarness.Results;
using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Nightly;

/// <summary>
/// The nightly CI definition and its local twin: the GitHub workflow passes a real validator
/// (@action-validator/cli, installed by scripts/setup.sh), and scripts/nightly.sh runs the same
/// steps here — shards of one seed on the local engine, the merge, the comparison with last night.
/// </summary>
[Collection(RealQemuCollection.Name)]
public sealed class NightlyWorkflowTests : IDisposable
{
    private static readonly string Validator = Path.Combine(RealQemuFixture.RepositoryRoot, ".tools", "node_modules", ".bin", "action-validator");
    private static readonly string Workflow = Path.Combine(RealQemuFixture.RepositoryRoot, ".github", "workflows", "nightly.yml");
    private readonly string _directory = Directory.CreateTempSubdirectory("mh-nightly-").FullName;

    [Fact(Timeout = 60_000)]
    public async Task The_workflow_file_passes_the_validator_and_a_broken_copy_does_not()
    {
        Assert.True(File.Exists(Validator), $"{Validator} is missing; scripts/setup.sh installs it");
        var broken = Path.Combine(_directory, "broken.yml");
        await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(Workflow)).Replace("runs-on:", "runs_on:", StringComparison.Ordinal));

        var valid = await HostCommand.RunAsync(Validator, [Workflow], TimeSpan.FromSeconds(30));
        var invalid = await HostCommand.RunAsync(Validator, [broken], TimeSpan.FromSeconds(30));

        Assert.True(valid.ExitCode == 0, valid.StandardOutput + valid.StandardError);
        Assert.NotEqual(0, invalid.ExitCode);
        Assert.Contains("runs_on", invalid.StandardOutput + invalid.StandardError);
    }

    [Fact(Timeout = 300_000)]
    public async Task The_local_twin_runs_two_shards_of_one_seed_merges_them_and_compares_with_the_previous_night()
    {
        var script = Path.Combine(RealQemuFixture.RepositoryRoot, "scripts", "nightly.sh");
        var night = Path.Combine(_directory, "night");

        var first = await HostCommand.RunAsync(script, ["local", "2", "2026", night, "--cases", "2", "--scenario", "forward/paused",
            "--build", "qemu-7.2", "--build", "qemu-10.0", "--no-shrink", "--confirmations", "0"], TimeSpan.FromMinutes(4));
        var merged = CaseLog.Read(Path.Combine(night, "merged", "cases.jsonl"));
        var shards = Enumerable.Range(1, 2).Select(k => CaseLog.Read(Path.Combine(night, $"shard-{k}", "cases.jsonl"))).ToArray();
        // The same night again, compared with itself as "last night": nothing new, nothing worse.
        var previous = Path.Combine(_directory, "previous");
        Directory.Move(Path.Combine(night, "merged"), previous);
        var again = await HostCommand.RunAsync(script, ["merge", night, "--previous", previous], TimeSpan.FromMinutes(2));

        Assert.True(first.ExitCode is 0 or 1, first.StandardOutput + first.StandardError);
        Assert.All(shards, s => Assert.Equal(2, s.Count));
        Assert.Equal(shards.SelectMany(s => s).Select(r => r.Index).Order(), merged.Select(r => r.Index).Order());
        Assert.True(File.Exists(Path.Combine(previous, "junit.xml")));
        Assert.True(again.ExitCode == 0, again.StandardOutput + again.StandardError);
        Assert.Contains("0 new failure(s)", await File.ReadAllTextAsync(Path.Combine(night, "merged", "comparison.md")));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
