using System.Text.Json;
using MigrationHarness.Campaign;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Qemu;
using MigrationHarness.Scenarios;
using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Campaign;

/// <summary>
/// <c>--accel</c>: what each choice means on a host with and without KVM, and a plan that runs
/// every pair under both accelerators (the spaces are the default builds' probed capabilities,
/// recorded on a KVM host, and the same relabelled as TCG's).
/// </summary>
public sealed class AcceleratorPlanTests
{
    private static readonly HostFacts WithKvm = new("6.1", "AMD EPYC", KvmUsable: true, 2, 24_000);
    private static readonly HostFacts WithoutKvm = WithKvm with { KvmUsable = false };

    private static BuildCapabilities Recorded(string build, Accelerator accelerator) =>
        JsonSerializer.Deserialize<BuildCapabilities>(File.ReadAllText(Path.Combine(RealQemuFixture.RepositoryRoot,
            "tests", "MigrationHarness.Generators.Tests", "data", "capabilities", build + ".json")), ConfigJson.Options)! with { Accelerator = accelerator };

    private static CampaignPlan Plan(IReadOnlyList<Accelerator> accelerators, (int, int)? shard = null) =>
        new(11, ShardFairnessTests.DefaultBuilds().Where(b => b.Name is "qemu-7.2" or "qemu-10.0").ToArray(),
            (builds, a) => new ConfigSpace(builds.Select(b => Recorded(b.Name, a ?? Accelerator.Kvm)).ToArray()),
            accelerators, [new Forward(GuestMode.Paused), new Backward(GuestMode.Paused)], shard: shard);

    [Theory]
    [InlineData("auto", true, "kvm")]
    [InlineData("auto", false, "tcg")]
    [InlineData("tcg", true, "tcg")]
    [InlineData("KVM", true, "kvm")]
    [InlineData("both", true, "kvm+tcg")]
    public void Each_choice_means_its_accelerators_on_the_host(string choice, bool kvm, string expected)
    {
        var accelerators = AcceleratorChoice.Parse(choice).Resolve(kvm ? WithKvm : WithoutKvm);

        Assert.Equal(expected, AcceleratorChoice.Name(accelerators));
        Assert.Equal(accelerators, AcceleratorChoice.FromName(expected));
    }

    [Theory]
    [InlineData("kvm")]
    [InlineData("both")]
    public void Asking_for_kvm_where_the_host_has_none_is_refused_in_one_line(string choice)
    {
        var refused = Assert.Throws<BadInputException>(() => AcceleratorChoice.Parse(choice).Resolve(WithoutKvm));

        Assert.Contains("no usable /dev/kvm", refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Theory]
    [InlineData("hvf")]
    [InlineData("")]
    public void An_unknown_accelerator_is_bad_input(string choice)
    {
        Assert.Throws<BadInputException>(() => AcceleratorChoice.Parse(choice));
        Assert.Throws<BadInputException>(() => AcceleratorChoice.FromName(choice));
    }

    [Fact]
    public void Both_accelerators_run_every_pair_side_by_side_and_every_shard_gets_each()
    {
        var plan = Plan([Accelerator.Kvm, Accelerator.Tcg]);

        Assert.Equal(["qemu-7.2:qemu-10.0@kvm", "qemu-7.2:qemu-10.0@tcg"], plan.PairNames);
        Assert.Equal(2, Assert.Single(plan.Spaces).Value.Count);
        // A round: the pair under KVM and under TCG, forward then backward.
        Assert.Equal([Accelerator.Kvm, Accelerator.Tcg, Accelerator.Kvm, Accelerator.Tcg], Enumerable.Range(0, 4).Select(i => plan.Case(i).Config.Accelerator));
        Assert.Equal(["forward/paused", "forward/paused", "backward/paused", "backward/paused"], Enumerable.Range(0, 4).Select(i => plan.Case(i).Scenario.Name));
        // Each accelerator's cases come from its own space, and the same seed gives the same cases.
        Assert.Equal(Enumerable.Range(0, 8).Select(i => plan.Case(i).Config), Enumerable.Range(0, 8).Select(i => Plan([Accelerator.Kvm, Accelerator.Tcg]).Case(i).Config));
        var second = Plan([Accelerator.Kvm, Accelerator.Tcg], (2, 2));
        Assert.Equal([Accelerator.Kvm, Accelerator.Tcg], second.GeneratedIndices().Take(2).Select(i => second.Case(i).Config.Accelerator));
    }

    [Fact]
    public void One_accelerator_names_its_pairs_as_before()
    {
        var plan = Plan([Accelerator.Tcg]);

        Assert.Equal(["qemu-7.2:qemu-10.0"], plan.PairNames);
        Assert.All(Enumerable.Range(0, 4), i => Assert.Equal(Accelerator.Tcg, plan.Case(i).Config.Accelerator));
    }
}
