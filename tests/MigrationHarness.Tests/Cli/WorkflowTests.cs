using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Cli;

/// <summary>The claims and repro workflows end to end, as users run them.</summary>
[Collection(RealQemuCollection.Name)]
public sealed class WorkflowTests
{
    [Fact(Timeout = 240_000)]
    public async Task A_true_and_a_false_claim_give_one_held_one_violated_with_a_reproducer_and_exit_1()
    {
        using var mh = new MhProcess("claims", "check", "scenarios/claims/example.yaml");

        var exit = await mh.WaitAsync(TimeSpan.FromSeconds(220));

        Assert.Equal(1, exit);
        Assert.Contains("held: pc-q35-7.2 is forward between qemu-7.2 and qemu-10.0", mh.Output);
        Assert.Contains("violated: q35 is bidirectional between qemu-7.2 and qemu-11.1", mh.Output);
        var reproducer = mh.Output.Split('\n').Single(l => l.Contains("reproducer: ", StringComparison.Ordinal)).Split("reproducer: ")[1].Trim();
        var directory = Path.Combine(RealQemuFixture.RepositoryRoot, reproducer);
        Assert.True(File.Exists(Path.Combine(directory, "repro.sh")));
        Assert.True(File.Exists(Path.Combine(directory, "config.json")));
        Assert.Contains("clean-reject", await File.ReadAllTextAsync(Path.Combine(directory, "README.md")));
        Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(directory))!, recursive: true);
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
}
