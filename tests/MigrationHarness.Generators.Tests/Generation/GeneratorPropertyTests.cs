using FsCheck.Xunit;
using MigrationHarness.Configs;
using MigrationHarness.Configs.Generation;
using MigrationHarness.Configs.Parsing;
using MigrationHarness.Configs.Shrinking;
using MigrationHarness.Configs.Validation;
using MigrationHarness.Generators.Tests.Infrastructure;

namespace MigrationHarness.Generators.Tests.Generation;

/// <summary>
/// Properties of the generator, the shrinker and the command-line round trip. Each runs with a
/// recorded Replay seed, so CI sees the same configs every run; a failure prints FsCheck's own
/// Replay to paste here to reproduce it, and a new seed is recorded when a property changes.
/// </summary>
public sealed class GeneratorPropertyTests
{
    [Property(Arbitrary = [typeof(GeneratedConfigs)], MaxTest = 2800, Replay = "(7301947151254360443,15585317412381239457)")]
    public void Every_generated_config_is_valid_for_every_build_of_its_space(ConfigInSpace drawn) =>
        Assert.Empty(VmConfigRules.Validate(drawn.Config, drawn.Space));

    [Property(Arbitrary = [typeof(GeneratedConfigs)], MaxTest = 1400, Replay = "(1164093375236548437,9876543210123456789)")]
    public void Every_shrink_candidate_is_valid_and_smaller(ConfigInSpace drawn)
    {
        var size = ConfigSize.Of(drawn.Config);
        foreach (var candidate in VmConfigShrinker.Shrink(drawn.Config, drawn.Space))
        {
            Assert.Empty(VmConfigRules.Validate(candidate, drawn.Space));
            Assert.True(ConfigSize.Of(candidate) < size, $"candidate of size {ConfigSize.Of(candidate)} is not smaller than {size}");
        }
    }

    [Property(Arbitrary = [typeof(GeneratedConfigs)], MaxTest = 1200, Replay = "(4242424242424242424,1357913579135791357)")]
    public void Parsing_the_rendered_command_line_gives_back_the_config(VmConfig config)
    {
        var parsed = QemuCommandLineParser.Parse(["qemu-system-x86_64", .. QemuCommandLine.Render(config, RenderSide.Destination)]);
        Assert.Equal(QemuCommandLineParser.CommandLineView(config), parsed);
    }

    [Property(Arbitrary = [typeof(GeneratedConfigs)], MaxTest = 100, Replay = "(2026112500000000001,8080808080808080807)")]
    public void A_config_with_canonical_policies_and_cold_dimms_round_trips_exactly(VmConfig generated)
    {
        var config = QemuCommandLineParser.CommandLineView(generated);
        var parsed = QemuCommandLineParser.Parse(["qemu-system-x86_64", .. QemuCommandLine.Render(config)]);
        Assert.Equal(config, parsed);
    }

    [Property(Arbitrary = [typeof(GeneratedConfigs)], MaxTest = 400, Replay = "(5555555555555555555,3333333333333333333)")]
    public void Json_round_trips_every_config(VmConfig config) =>
        Assert.Equal(config, ConfigJson.Deserialize(ConfigJson.Serialize(config)));

    [Fact]
    public void The_same_seed_index_and_size_give_the_same_config()
    {
        var space = CapabilityData.Space("qemu-7.2", "qemu-10.0");

        for (var i = 0; i < 200; i++)
            Assert.Equal(VmConfigGen.Sample(space, 42, i, i % 101), VmConfigGen.Sample(space, 42, i, i % 101));
        Assert.NotEqual(
            Enumerable.Range(0, 50).Select(i => VmConfigGen.Sample(space, 1, i, 50)),
            Enumerable.Range(0, 50).Select(i => VmConfigGen.Sample(space, 2, i, 50)));
    }

    [Fact]
    public void Size_zero_gives_the_smallest_shapes()
    {
        var space = CapabilityData.Chain;

        var configs = Enumerable.Range(0, 200).Select(i => VmConfigGen.Sample(space, 7, i, 0)).ToArray();

        Assert.All(configs, c => Assert.True(c.Smp.MaxCpus == 1 && c.Numa.Nodes.Count <= 1 && c.Memory.SizeMiB == 128, c.ToString()));
    }

    [Fact]
    public void Machine_properties_are_drawn_only_where_every_build_of_the_pair_lists_them()
    {
        // qemu-5.2 has no 'pic' or 'i8042' machine property; 10.0 and 11.1 both have them.
        var old = Enumerable.Range(0, 600).Select(i => VmConfigGen.Sample(CapabilityData.Space("qemu-5.2", "qemu-11.1"), 5, i, 50)).ToArray();
        var recent = Enumerable.Range(0, 600).Select(i => VmConfigGen.Sample(CapabilityData.Space("qemu-10.0", "qemu-11.1"), 5, i, 50)).ToArray();

        Assert.DoesNotContain(old.SelectMany(c => c.MachineProperties), p => p.Name is "pic" or "i8042");
        Assert.Contains(recent.SelectMany(c => c.MachineProperties), p => p.Name is "pic" or "i8042");
        Assert.InRange(recent.Count(c => c.MachineProperties.Count > 0), 100, 250);
        Assert.Contains(old.SelectMany(c => c.MachineProperties), p => p == new MachineProperty("smm", "off"));
    }

    [Fact]
    public void Backend_options_are_drawn_on_one_backend_in_some_configs_and_prealloc_only_on_small_ones()
    {
        var configs = Enumerable.Range(0, 600).Select(i => VmConfigGen.Sample(CapabilityData.Chain, 11, i, 60)).ToArray();
        var backends = configs.SelectMany(c => c.Numa.Nodes.Select(n => (n.MemoryMiB, n.BackendOptions))
            .Concat(c.Dimms.Select(d => (d.SizeMiB, d.BackendOptions))).Append((c.Memory.SizeMiB, c.Memory.BackendOptions))).ToArray();

        Assert.InRange(configs.Count(c => CoverageClasses(c).Any(x => x != "none")), 50, 160);
        Assert.All(backends.Where(b => b.BackendOptions.Any(o => o.Name == "prealloc")), b => Assert.True(b.Item1 <= 512, $"{b.Item1} MiB preallocated"));
        Assert.Equal(["dump", "merge", "prealloc", "share"], backends.SelectMany(b => b.BackendOptions).Select(o => o.Name).Distinct().Order());

        static IEnumerable<string> CoverageClasses(VmConfig c) =>
            MigrationHarness.Configs.Coverage.CoverageModel.Of(c).Where(x => x.Dimension == "backend-option").Select(x => x.Class);
    }

    [Fact]
    public void Shrinking_keeps_the_machine_property_a_failure_needs_and_drops_the_others()
    {
        var space = CapabilityData.Space("qemu-10.0", "qemu-11.1");
        var config = VmConfig.Minimal("pc-q35-10.0", Accelerator.Kvm) with
        {
            MachineProperties = [new MachineProperty("hpet", "off"), new MachineProperty("smm", "off"), new MachineProperty("vmport", "off")],
        };
        bool Fails(VmConfig c) => c.MachineProperties.Contains(new MachineProperty("smm", "off"));

        var current = config;
        for (var next = VmConfigShrinker.Shrink(current, space).FirstOrDefault(Fails); next is not null; next = VmConfigShrinker.Shrink(current, space).FirstOrDefault(Fails))
            current = next;

        Assert.Equal([new MachineProperty("smm", "off")], current.MachineProperties);
    }

    [Fact]
    public void Shrinking_a_planted_failure_keeps_only_what_the_failure_needs()
    {
        // Arrange: a large config whose "failure" depends on one feature only.
        var space = CapabilityData.Chain;
        var feature = space.Features.First(f => f == "pdpe1gb" || f == "smep");
        var large = Enumerable.Range(0, 2000).Select(i => VmConfigGen.Sample(space, 99, i, 100))
            .First(c => c.Numa.Nodes.Count >= 4 && c.Dimms.Count >= 4 && c.Cpu.Features.Count >= 8);
        large = large with { Cpu = large.Cpu with { Features = large.Cpu.Features.Where(f => f.Name != feature).ToValueList().Add(new CpuFeature(feature, FeaturePolicy.Force)) } };
        bool Fails(VmConfig c) => c.Cpu.Features.Any(f => f.Name == feature && f.Enabled);

        // Act: greedy shrinking over the shrinker, as the campaign does.
        var current = large;
        var steps = 0;
        for (var progress = true; progress; steps++)
        {
            var next = VmConfigShrinker.Shrink(current, space).FirstOrDefault(Fails);
            progress = next is not null;
            if (next is not null) current = next;
        }

        // Assert
        Assert.Empty(current.Numa.Nodes);
        Assert.Empty(current.Dimms);
        Assert.Equal([feature], current.Cpu.Features.Select(f => f.Name));
        Assert.Equal(SmpTopology.Single, current.Smp);
        Assert.Equal(128, current.Memory.SizeMiB);
        Assert.True(steps < 100, $"{steps} steps");
    }
}
