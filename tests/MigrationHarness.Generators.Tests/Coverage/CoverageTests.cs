using MigrationHarness.Configs;
using MigrationHarness.Configs.Coverage;
using MigrationHarness.Configs.Generation;
using MigrationHarness.Generators.Tests.Infrastructure;

namespace MigrationHarness.Generators.Tests.Coverage;

/// <summary>The coverage model's classes, and steered generation against plain random draws on the recorded capabilities of the four builds.</summary>
public sealed class CoverageTests
{
    [Fact]
    public void A_config_exercises_one_class_of_every_single_valued_dimension_and_each_memory_device_kind()
    {
        var config = VmConfig.Minimal("pc-q35-7.2", Accelerator.Tcg) with
        {
            Memory = new MemoryLayout(1024, 4, 8192),
            Dimms = [new Dimm("d0", DimmKind.PcDimm, 128, null, PlugTime.Hot), new Dimm("d1", DimmKind.VirtioMem, 256, null, PlugTime.Cold)],
        };

        var classes = CoverageModel.Of(config).Select(c => c.ToString()).ToArray();

        Assert.Contains("machine-family=q35", classes);
        Assert.Contains("machine-version=versioned", classes);
        Assert.Contains("memory-device=pc-dimm/hot", classes);
        Assert.Contains("memory-device=virtio-mem-pci", classes);
        Assert.Contains("memory-size=≤2G", classes);
        Assert.Contains("numa-backing=none", classes);
        Assert.Contains("cpu-vendor=generic", classes);
        Assert.All(CoverageModel.Dimensions.Where(d => d.Name != "memory-device" && d.Name != "feature-policy"),
            d => Assert.Single(classes, c => c.StartsWith(d.Name + "=", StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_class_a_config_exercises_is_in_its_spaces_universe()
    {
        var space = CapabilityData.Space("qemu-10.0", "qemu-11.1");
        var universe = CoverageModel.Universe(space).ToHashSet();

        for (var i = 0; i < 300; i++)
            Assert.All(CoverageModel.Of(VmConfigGen.Sample(space, 3, i, i % 101)), c => Assert.Contains(c, universe));
    }

    [Fact]
    public void The_required_classes_of_a_machine_type_respect_what_it_accepts()
    {
        var space = CapabilityData.Space("qemu-10.0", "qemu-11.1");

        var required = CoverageModel.RequiredFor(space, "pc-q35-10.0").Select(c => c.ToString()).ToArray();

        Assert.Contains("machine-family=q35", required);
        Assert.DoesNotContain("machine-family=i440fx", required);
        Assert.DoesNotContain("numa-backing=mem", required);
        Assert.Contains("memory-device=virtio-mem-pci", required);
        Assert.DoesNotContain(required, c => c.StartsWith("cpu-family=", StringComparison.Ordinal));
    }

    [Fact]
    public void Steering_is_deterministic_and_covers_the_required_classes_in_fewer_cases_than_random()
    {
        var space = CapabilityData.Space("qemu-7.2", "qemu-10.0");
        var required = CoverageModel.Universe(space).Where(CoverageModel.IsRequired).ToHashSet();

        int CasesToCover(bool steer, out List<VmConfig> configs)
        {
            var tracker = new CoverageTracker();
            var seen = new HashSet<CoverageClass>();
            configs = [];
            for (var i = 0; i < 400; i++)
            {
                var index = i;
                var config = steer ? SteeredSampler.Choose(11, seed => VmConfigGen.Sample(space, seed, index, index % 101), tracker) : VmConfigGen.Sample(space, 11, index, index % 101);
                configs.Add(config);
                seen.UnionWith(CoverageModel.Of(config));
                if (required.All(seen.Contains)) return i + 1;
            }
            return int.MaxValue;
        }

        var steered = CasesToCover(true, out var first);
        var again = CasesToCover(true, out var second);
        var random = CasesToCover(false, out _);

        Assert.Equal(first, second);
        Assert.Equal(steered, again);
        Assert.True(steered < random, $"steered {steered} cases, random {random}");
        Assert.True(steered <= 60, $"steered {steered} cases");
    }

    [Fact]
    public void Once_saturated_steering_takes_the_plain_random_draw()
    {
        var space = CapabilityData.Space("qemu-7.2", "qemu-10.0");
        var tracker = new CoverageTracker { Saturated = true };

        var chosen = SteeredSampler.Choose(5, seed => VmConfigGen.Sample(space, seed, 9, 50), tracker);

        Assert.Equal(VmConfigGen.Sample(space, 5, 9, 50), chosen);
        Assert.Equal(1, tracker.Cases);
    }
}
