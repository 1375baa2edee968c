using MigrationHarness.Tests.Infrastructure;
using MigrationHarness.Builds;
using MigrationHarness.Campaign;
using MigrationHarness.Comparison;
using MigrationHarness.Configs;
using MigrationHarness.Exporters;
using MigrationHarness.Qemu;
using MigrationHarness.Results;
using MigrationHarness.Tiers;
using MigrationHarness.Records;

namespace MigrationHarness.Tests.Results;

/// <summary>How two runs' results are told apart: only a replay can show a failure fixed.</summary>
public sealed class RunComparisonTests
{
    private static readonly VmConfig Small = VmConfig.Minimal("pc-q35-7.2", Accelerator.Kvm);
    private static readonly VmConfig Other = Small with { Smp = Small.Smp with { Cpus = 2, MaxCpus = 2, Cores = 2 } };
    private static readonly VmConfig I440fx = VmConfig.Minimal("pc-i440fx-7.2", Accelerator.Kvm);

    [Fact]
    public void A_replayed_failure_that_passes_is_fixed_an_unreplayed_one_is_not_retried_and_a_new_signature_is_new()
    {
        var previous = Run("before", "/runs/before", "7.2.0",
            Case(1, Small, "abi-drift", "drift A"),
            Case(2, Other, "clean-reject", "reject B"),
            Case(3, Other, "crash", "crash C", seed: 8),
            Case(5, I440fx, "pass", null));
        var current = Run("after", "/runs/after", "7.2.1",
            Case(1, Small, "pass", null),                                                  // same seed, index and config: a replay, now passing
            Case(-1, Small, "crash", "crash C", origin: "/runs/before/reproducers/c000003"), // the corpus replayed C: still there
            Case(4, I440fx, "hang", "hang D"));

        var comparison = RunComparison.Between(previous, current);

        Assert.Equal(["drift A"], comparison.Fixed.Select(f => f.Signature));
        Assert.Equal(["crash C"], comparison.StillFailing.Select(f => f.Signature));
        Assert.Equal(["reject B"], comparison.NotRetried.Select(f => f.Signature));
        Assert.Equal(["hang D"], comparison.New.Select(f => f.Signature));
        Assert.True(comparison.Regressed);
        Assert.Equal([new BuildChange("qemu-7.2", "QEMU 7.2.0 (sha256:aaaaaaaaaaaa)", "QEMU 7.2.1 (sha256:aaaaaaaaaaaa)")], comparison.Builds);
        var worse = Assert.Single(comparison.Tiers);
        // One pass is too little evidence for a tier; broken is worse than that all the same.
        Assert.Equal(("insufficient-evidence", "broken", true), (worse.Before, worse.After, worse.Worse));
        var markdown = ComparisonMarkdown.Render(comparison);
        Assert.Contains("1 new failure(s), 1 fixed, 1 still failing, 1 not tried again, 1 tier(s) worse", markdown);
    }

    [Fact]
    public void The_same_run_compared_with_itself_has_nothing_new_and_nothing_worse()
    {
        var run = Run("same", "/runs/same", "7.2.0", Case(1, Small, "abi-drift", "drift A"), Case(2, Other, "pass", null));

        var comparison = RunComparison.Between(run, run);

        Assert.False(comparison.Regressed);
        Assert.Empty(comparison.New);
        Assert.Equal(["drift A"], comparison.StillFailing.Select(f => f.Signature));
        Assert.Empty(comparison.Tiers);
    }

    private static CaseRecord Case(long index, VmConfig config, string verdict, string? signature, ulong seed = 7, string? origin = null) =>
        new($"{(index < 0 ? "r" : "c")}{Math.Abs(index):D6}", index, seed, "forward/paused", ["qemu-5.2", "qemu-7.2"], config.MachineType, config, verdict.AsVerdict(),
            signature ?? "", false, [], signature,
            [new HopSummary("qemu-5.2", "qemu-7.2", verdict.AsVerdict(), "Completed", null, null, null, [], [], null, null, [], 1)], 1) { Origin = origin };

    private static RunFolder Run(string id, string directory, string newerVersion, params CaseRecord[] cases)
    {
        ResolvedBuild Build(string name, string version) => new(name, "image", "mh-build:" + name, "sha256:" + new string('a', 64), version, "", "", DateTimeOffset.UnixEpoch);
        var manifest = new RunManifest(id, 7, "mh run", DateTimeOffset.UnixEpoch, [Build("qemu-5.2", "5.2.0"), Build("qemu-7.2", newerVersion)],
            new HostFacts("k", "cpu", true, 2, 1024), "kvm", "0", ["forward/paused"], null, cases.Length, null, 1);
        var tiers = TierClassifier.Classify(cases, (a, b) => string.CompareOrdinal(a, b) < 0);
        var reproducers = cases.Where(c => c.Signature is not null).ToDictionary(c => c.Id, c => "reproducers/" + c.Id);
        return new RunFolder(directory, manifest, cases, tiers, reproducers);
    }
}
