using MigrationHarness.Configs;
using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Configs.Generation;
using MigrationHarness.Generators.Tests.Infrastructure;

namespace MigrationHarness.Generators.Tests.Generation;

/// <summary>The generator's reach, measured over 1,000 samples of the whole chain's space.</summary>
public sealed class DistributionTests(ITestOutputHelper output)
{
    private static readonly VmConfig[] Samples =
        Enumerable.Range(0, 1000).Select(i => VmConfigGen.Sample(CapabilityData.Chain, 2026, i, i % (VmConfigGen.MaxSize + 1))).ToArray();

    [Fact]
    public void The_distribution_is_printed_and_covers_every_dimension()
    {
        var distribution = ConfigDistribution.Of(Samples);
        output.WriteLine(distribution.Render());

        Assert.Equal(["i440fx", "i440fx (alias)", "q35", "q35 (alias)"], Values("machine-type family"));
        Assert.Equal(Enumerable.Range(0, 9).Select(n => n.ToString()), Values("numa nodes").Select(v => v.Split(' ')[0]).Distinct().Order());
        // qemu-11.1 dropped every machine type that accepts -numa node,mem=, so the chain never uses it; pairs without it do.
        Assert.DoesNotContain(Values("numa nodes"), v => v.Contains("mem="));
        var legacyPair = Enumerable.Range(0, 1000).Select(i => VmConfigGen.Sample(CapabilityData.Space("qemu-5.2", "qemu-10.0"), 1, i, 60)).ToArray();
        Assert.Contains(legacyPair, c => c.Numa.Backing == NumaBacking.LegacyMem && !c.Numa.IsEmpty);
        Assert.Equal(["disable", "forbid", "force", "optional", "require"], Values("feature policy"));
        Assert.Equal(["nvdimm cold", "pcdimm cold", "pcdimm hot", "virtiomem cold"], Values("dimm kinds"));

        IEnumerable<string> Values(string dimension) => distribution.Dimensions.Single(d => d.Dimension == dimension).Counts.Select(c => c.Value);
    }

    [Fact]
    public void Sizes_span_what_operators_use()
    {
        output.WriteLine($"largest: {Samples.Max(c => c.Memory.SizeMiB)} MiB, {Samples.Max(c => c.Smp.MaxCpus)} vCPUs, {Samples.Count(c => c.Smp.MaxCpus > VmConfigGen.CommonVcpus)} above {VmConfigGen.CommonVcpus}");
        Assert.Equal(128, Samples.Min(c => c.Memory.SizeMiB));
        // The top memory band is one draw in twenty (each GiB costs seconds per hop on a lazily backed host): half the 16 GiB cap is what
        // 1,000 samples reliably reach.
        Assert.True(Samples.Max(c => c.Memory.SizeMiB) >= GenerationLimits.Default.MaxAllocationMiB / 2, "some guest has at least 8 GiB");
        Assert.True(Samples.Max(c => c.Memory.MaxMemMiB) >= 256 * 1024, "some maxmem reaches hundreds of GiB");
        Assert.True(Samples.Max(c => c.Smp.MaxCpus) >= 32, "some guest has dozens of vCPUs");
        // Large guests (beyond 48 vCPUs, up to the xAPIC range) are rare: each costs several ordinary cases' time under TCG.
        Assert.InRange(Samples.Count(c => c.Smp.MaxCpus > VmConfigGen.CommonVcpus), 10, 60);
        Assert.True(Samples.Max(c => c.Smp.MaxCpus) > 128, "some guest has more vCPUs than the common topologies reach");
        Assert.All(Samples, c => Assert.InRange(c.Smp.HighestApicId(), 0, SmpTopology.MaxXapicId));
        Assert.Equal(8, Samples.Max(c => c.Numa.Nodes.Count));
        Assert.True(Samples.Max(c => c.Memory.Slots) >= 14, "slots reach the 16 limit's range");
        Assert.Equal(16, GenerationLimits.Default.MaxSlots);
        Assert.True(Samples.Max(c => c.Dimms.Count) >= 8);
        Assert.True(Samples.Count(c => c.Smp.Dies > 1) > 10 && Samples.Count(c => c.Smp.Threads > 1) > 10);
        Assert.True(Samples.Count(c => c.Numa.Distances.Count > 0) > 10);
        Assert.True(Samples.Count(c => c.Smp.Cpus < c.Smp.MaxCpus) > 100, "hot-pluggable vCPUs are common");
    }

    [Fact]
    public void Most_guests_have_little_ram()
    {
        // Both sides of a hop fault in and scan all of the guest's RAM; small guests keep a case short while the large band stays reachable.
        var totals = Samples.Select(c => c.Memory.SizeMiB + c.Dimms.Sum(d => d.SizeMiB)).Order().ToArray();
        output.WriteLine($"RAM with DIMMs: p50 {totals[totals.Length / 2]} MiB, p90 {totals[totals.Length * 9 / 10]} MiB, max {totals[^1]} MiB");
        Assert.True(totals[totals.Length / 2] <= 512, "half the guests have at most 512 MiB");
        // One config in ten is drawn large; a small one's DIMMs and nodes add up past 2 GiB now and then.
        Assert.True(totals.Count(t => t > 2048) * 100 <= totals.Length * 15, "at most 15 % of the guests have more than 2 GiB");
        Assert.Contains(totals, t => t > 4096);
    }

    [Fact]
    public void The_host_limits_cap_every_single_allocation()
    {
        var limits = GenerationLimits.Default;

        Assert.All(Samples, c =>
        {
            var allocations = (c.Numa.Backing == NumaBacking.Memdev && !c.Numa.IsEmpty ? c.Numa.Nodes.Select(n => n.MemoryMiB) : [c.Memory.SizeMiB])
                .Concat(c.Dimms.Select(d => d.SizeMiB));
            Assert.All(allocations, a => Assert.True(a <= limits.MaxAllocationMiB));
            Assert.True(c.Memory.SizeMiB + c.Dimms.Sum(d => d.SizeMiB) <= limits.MaxTotalMemoryMiB);
            Assert.True(c.Memory.MaxMemMiB <= limits.MaxMaxMemMiB);
        });
    }
}
