using MigrationHarness.Qemu;
using MigrationHarness.Results;

namespace MigrationHarness.Tests.Results;

/// <summary>Merge takes exactly one campaign's shards: each way shards can fail to be one is refused with its reason.</summary>
public sealed class ShardSetTests
{
    private static readonly RunFingerprint Fingerprint = new("1.0", ["qemu-7.2=sha256:aa", "qemu-10.0=sha256:bb"], "sha256:space", "tcg tcg 4096 MiB",
        ["forward/paused"], ["qemu-7.2:qemu-10.0"], null);

    private static (string, RunManifest) Shard(string shard, ulong seed = 7, RunFingerprint? fingerprint = null, bool withFingerprint = true) =>
        ($"run-{shard.Replace('/', '-')}", new RunManifest("r", seed, "mh run", DateTimeOffset.UnixEpoch, [], new HostFacts("k", "cpu", false, 2, 1024), "tcg", "1.0",
            ["forward/paused"], shard == "none" ? null : shard, 10, null, 1) { Fingerprint = withFingerprint ? fingerprint ?? Fingerprint : null });

    [Fact]
    public void Every_shard_once_with_one_seed_and_fingerprint_merges()
    {
        Assert.Null(ShardSet.Problem([Shard("2/3"), Shard("1/3"), Shard("3/3")]));
    }

    [Fact]
    public void Different_seeds_are_refused() =>
        Assert.Contains("different seeds", ShardSet.Problem([Shard("1/2"), Shard("2/2", seed: 8)]));

    [Fact]
    public void A_shard_planned_with_other_images_is_refused_naming_what_differs()
    {
        var problem = ShardSet.Problem([Shard("1/2"), Shard("2/2", fingerprint: Fingerprint with { Images = ["qemu-7.2=sha256:cc", "qemu-10.0=sha256:bb"] })]);

        Assert.Contains("planned differently", problem);
        Assert.Contains("images: qemu-7.2=sha256:aa", problem);
    }

    [Fact]
    public void A_shard_from_another_host_or_harness_version_is_refused()
    {
        Assert.Contains("host:", ShardSet.Problem([Shard("1/2"), Shard("2/2", fingerprint: Fingerprint with { HostKey = "kvm kvm-0123456789 4096 MiB" })]));
        Assert.Contains("harness version", ShardSet.Problem([Shard("1/2"), Shard("2/2", fingerprint: Fingerprint with { HarnessVersion = "2.0" })]));
        Assert.Contains("capability space", ShardSet.Problem([Shard("1/2"), Shard("2/2", fingerprint: Fingerprint with { CapabilitySpace = "sha256:other" })]));
    }

    [Fact]
    public void A_missing_shard_is_refused() =>
        Assert.Equal("shard 2/3 missing", ShardSet.Problem([Shard("1/3"), Shard("3/3")]));

    [Fact]
    public void A_duplicated_shard_is_refused() =>
        Assert.Contains("shard 1/2 given twice", ShardSet.Problem([Shard("1/2"), Shard("1/2"), Shard("2/2")]));

    [Fact]
    public void Shards_of_different_splits_are_refused() =>
        Assert.Contains("split the campaign differently", ShardSet.Problem([Shard("1/2"), Shard("2/3")]));

    [Fact]
    public void An_unsharded_run_is_refused() =>
        Assert.Contains("is not a shard", ShardSet.Problem([Shard("1/2"), Shard("none")]));

    [Fact]
    public void A_manifest_without_a_fingerprint_is_refused() =>
        Assert.Contains("no fingerprint", ShardSet.Problem([Shard("1/2"), Shard("2/2", withFingerprint: false)]));
}
