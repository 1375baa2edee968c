using System.Text.RegularExpressions;
using MigrationHarness.Containers;
using MigrationHarness.Results;
using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Cli;

/// <summary>The <c>mh</c> command as users meet it: bad input, interruption, a killed run resumed.</summary>
[Collection(RealQemuCollection.Name)]
public sealed partial class CliTests(RealQemuFixture fixture)
{
    [Theory(Timeout = 60_000)]
    [InlineData("run --cases 0", "--cases must be at least 1")]
    [InlineData("run --budget soon", "is not a duration")]
    [InlineData("run --shard 3/2", "K must be 1..N")]
    [InlineData("run --shard half", "is not K/N")]
    [InlineData("run --scenario sideways/paused", "unknown scenario")]
    [InlineData("run --scenario forward", "must end in /paused or /running")]
    [InlineData("run --machine (", "is not a regular expression")]
    [InlineData("run --pair qemu-5.2", "is not OLDER:NEWER")]
    [InlineData("run --build qemu-5.2", "at least two builds")]
    [InlineData("run --build qemu-9.9 --build qemu-5.2", "unknown build 'qemu-9.9'")]
    [InlineData("run --parallel 0", "--parallel must be 1..64")]
    [InlineData("run --accel hvf", "--accel hvf: expected kvm, tcg, both or auto")]
    [InlineData("repro 'qemu-system-x86_64 -m 256M' --accel tcg,kvm", "--accel tcg,kvm: expected kvm, tcg, both or auto")]
    [InlineData("run --resume /nonexistent/run", "no manifest.json there")]
    [InlineData("run --seed minus-one", "minus-one")]
    [InlineData("run --corpus /nonexistent/run", "--corpus /nonexistent/run: the directory does not exist")]
    [InlineData("run --corpus tests", "no reproducer there")]
    [InlineData("report /nonexistent/run", "no manifest.json there")]
    [InlineData("repro 'qemu-system-x86_64 -m 256M' --pair qemu-7.2", "is not OLDER:NEWER")]
    [InlineData("report tests --compare /nonexistent/run", "no manifest.json there")]
    [InlineData("migrate --from qemu-5.2", "--to")]
    [InlineData("migrate --from nope --to qemu-5.2", "unknown build 'nope'")]
    [InlineData("migrate --from qemu-5.2 --to qemu-7.2 --smp 0", "--smp must be 1..64")]
    [InlineData("builds build qemu-0.1", "unknown build 'qemu-0.1'")]
    [InlineData("configs parse -- '-device e1000'", "command line:")]
    [InlineData("configs parse 'qemu-system-x86_64 -m lots'", "is not a size")]
    [InlineData("configs check --between qemu-5.2", "two builds")]
    [InlineData("--builds /nonexistent.yaml builds list", "does not exist")]
    [InlineData("frobnicate", "frobnicate")]
    [InlineData("results merge /tmp/out /nonexistent/shard", "does not exist")]
    [InlineData("explain tests", "is not a reproducer folder")]
    [InlineData("vmstate diff qemu-7.2 nope --machine pc", "unknown build 'nope'")]
    [InlineData("known add /nonexistent/run F00000000", "no manifest.json there")]
    [InlineData("coverage --cases 0", "--cases must be 1..5000")]
    [InlineData("report /nonexistent/run --known x.yaml", "no manifest.json there")]
    [InlineData("repro tests/MigrationHarness.Tests/data/bad/truncated.json", "config: not a valid config")]
    [InlineData("repro tests/MigrationHarness.Tests/data/bad/bad-enum.json", "config: not a valid config at $.accelerator")]
    [InlineData("repro tests/MigrationHarness.Tests/data/bad/unknown-member.json", "config: not a valid config")]
    [InlineData("repro /nonexistent/config.json", "does not exist")]
    [InlineData("repro 'qemu-system-x86_64 -drive file=x'", "unsupported option -drive")]
    [InlineData("claims check tests/MigrationHarness.Tests/data/bad/claims-one-build.yaml", "'between' must name two builds")]
    [InlineData("claims check tests/MigrationHarness.Tests/data/bad/claims-bad-tier.yaml", "unknown tier 'perfect'")]
    [InlineData("claims check tests/MigrationHarness.Tests/data/bad/claims-broken.yaml", "claims-broken.yaml:")]
    [InlineData("claims check tests/MigrationHarness.Tests/data/bad/claims-no-machine.yaml", "'machine' is missing")]
    [InlineData("claims check /nonexistent.yaml", "does not exist")]
    [InlineData("claims check tests/MigrationHarness.Tests/data/bad/claims-top-level-string.yaml", "claims-top-level-string.yaml:1: the top level is 'pc-q35-7.2 is bidirectional between qemu…'; expected a mapping with a 'claims:' list")]
    [InlineData("claims check tests/MigrationHarness.Tests/data/bad/claims-top-level-list.yaml", "claims-top-level-list.yaml:1: the top level is a list; expected a mapping with a 'claims:' list")]
    [InlineData("claims check tests/MigrationHarness.Tests/data/bad/claims-not-a-list.yaml", "claims-not-a-list.yaml:1: 'claims' is 'pc-q35-5.2 is forward between qemu-5.2 a…'; expected a list of claims")]
    [InlineData("run --known tests/MigrationHarness.Tests/data/bad/known-top-level-list.yaml", "known-top-level-list.yaml:1: the top level is a list; expected a mapping with a 'known:' list")]
    [InlineData("repro 'qemu-system-x86_64 -machine pc-q35-99.9 -m 256M' --build qemu-7.2 --build qemu-10.0",
        "machine type 'pc-q35-99.9' is offered by none of qemu-7.2, qemu-10.0; they offer pc-q35-2.4 to pc-q35-10.0, pc-i440fx-1.4 to pc-i440fx-10.0, q35, pc")]
    [InlineData("repro 'qemu-system-x86_64 -machine pc-q35-10.0 -m 256M' --pair qemu-5.2:qemu-10.0", "machine type 'pc-q35-10.0' is offered only by qemu-10.0, so no pair asked for has it on both sides")]
    [InlineData("repro 'qemu-system-x86_64 -m 256M' --pair qemu-7.2:qemu-7.2 --pair qemu-5.2:qemu-5.2",
        "--pair qemu-7.2:qemu-7.2 pairs a build with itself; repro migrates between two different builds (a build migrating to itself is a control: mh controls --build qemu-7.2)")]
    [InlineData("repro 'qemu-system-x86_64 -m 256M' --build qemu-5.2 --build qemu-7.2 --pair qemu-10.0:qemu-11.1", "--pair qemu-10.0:qemu-11.1 names a build that is not selected")]
    [InlineData("--builds tests/MigrationHarness.Tests/data/bad/catalog-no-source.yaml builds list", "exactly one of")]
    [InlineData("--builds tests/MigrationHarness.Tests/data/bad/catalog-duplicate.yaml builds list", "declared twice")]
    [InlineData("--builds tests/MigrationHarness.Tests/data/bad/catalog-broken.yaml builds list", "catalog-broken.yaml:")]
    public async Task Bad_input_is_one_line_naming_the_problem_and_exit_code_2(string arguments, string expected)
    {
        using var mh = new MhProcess(Words().Matches(arguments).Select(m => m.Value.Trim('\'')).ToArray());

        var exit = await mh.WaitAsync(TimeSpan.FromSeconds(50));

        Assert.Equal(2, exit);
        var lines = mh.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Single(lines);
        Assert.Contains(expected, lines[0]);
    }

    [Theory(Timeout = 300_000)]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Interrupting_a_campaign_removes_every_container_and_keeps_the_results_readable(string signal)
    {
        using var mh = new MhProcess("run", "--cases", "40", "--seed", "5", "--scenario", "forward/running", "--parallel", "2", "--no-shrink");
        await mh.WaitForOutputAsync(o => o.Contains("[2] "), TimeSpan.FromSeconds(120));

        await mh.SignalAsync(signal);
        // Alone this takes seconds; the bound is generous because the whole suite may be loading both cores.
        var exit = await mh.WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(130, exit);
        var owned = await fixture.Docker.ListContainersAsync(new Dictionary<string, string?> { [HarnessLabels.OwnerPid] = mh.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Empty(owned);
        var runDirectory = Path.Combine(RealQemuFixture.RepositoryRoot, Results().Match(mh.Output).Groups[1].Value);
        var records = CaseLog.Read(Path.Combine(runDirectory, "cases.jsonl"));
        Assert.InRange(records.Count, 2, 39);
        Directory.Delete(runDirectory, recursive: true);
    }

    [Fact(Timeout = 300_000)]
    public async Task A_killed_run_resumes_with_every_case_exactly_once()
    {
        string runDirectory;
        using (var mh = new MhProcess("run", "--cases", "6", "--seed", "9", "--scenario", "forward/paused", "--parallel", "1", "--no-shrink", "--confirmations", "0"))
        {
            await mh.WaitForOutputAsync(o => o.Contains("[2] "), TimeSpan.FromSeconds(120));
            await mh.SignalAsync("KILL");
            await mh.WaitAsync(TimeSpan.FromSeconds(30));
            runDirectory = Path.Combine(RealQemuFixture.RepositoryRoot, Results().Match(mh.Output).Groups[1].Value);
        }
        var before = CaseLog.Read(Path.Combine(runDirectory, "cases.jsonl")).Count;

        using var resumed = new MhProcess("run", "--resume", runDirectory, "--cases", "6", "--scenario", "forward/paused", "--parallel", "1", "--no-shrink", "--confirmations", "0");
        var exit = await resumed.WaitAsync(TimeSpan.FromSeconds(240));

        var records = CaseLog.Read(Path.Combine(runDirectory, "cases.jsonl"));
        Assert.True(exit is 0 or 1, resumed.Output);
        Assert.InRange(before, 2, 5);
        Assert.Contains($"resuming: {before} cases already recorded", resumed.Output);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => (long)i), records.Select(r => r.Index).Order());
        Assert.True(File.Exists(Path.Combine(runDirectory, "report.html")));
        Directory.Delete(runDirectory, recursive: true);
    }

    [GeneratedRegex(@"'[^']*'|\S+")]
    private static partial Regex Words();

    [GeneratedRegex(@"results: (\S+)")]
    private static partial Regex Results();
}
