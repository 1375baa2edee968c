using MigrationHarness.Configs;

namespace MigrationHarness.Generators.Tests.Model;

public sealed class RenderTests
{
    private static readonly VmConfig Numa = new("pc-q35-7.2", Accelerator.Kvm, new SmpTopology(2, 4, 2, 1, 2, 1),
        new MemoryLayout(2048, 2, 8192),
        new NumaLayout(NumaBacking.Memdev, [new NumaNode(0, 1024, [0, 1]), new NumaNode(1, 1024, [2, 3])], [new NumaDistance(0, 1, 21)]),
        [new Dimm("dimm0", DimmKind.PcDimm, 512, 1, PlugTime.Cold), new Dimm("dimm1", DimmKind.PcDimm, 1024, 0, PlugTime.Hot)],
        new CpuSpec("EPYC", [new CpuFeature("ibpb", FeaturePolicy.Require), new CpuFeature("x2apic", FeaturePolicy.Forbid)]));

    [Fact]
    public void A_config_renders_to_the_exact_qemu_argv()
    {
        var argv = QemuCommandLine.Render(Numa);

        Assert.Equal<string>(
        [
            "-nodefaults", "-no-user-config", "-display", "none",
            "-machine", "pc-q35-7.2,accel=kvm",
            "-cpu", "EPYC,ibpb=on,x2apic=off",
            "-smp", "cpus=2,maxcpus=4,sockets=2,dies=1,cores=2,threads=1",
            "-m", "size=2G,slots=2,maxmem=8G",
            "-object", "memory-backend-ram,id=ram-node0,size=1G", "-numa", "node,nodeid=0,cpus=0-1,memdev=ram-node0",
            "-object", "memory-backend-ram,id=ram-node1,size=1G", "-numa", "node,nodeid=1,cpus=2-3,memdev=ram-node1",
            "-numa", "dist,src=0,dst=1,val=21",
            "-object", "memory-backend-ram,id=mem-dimm0,size=512M", "-device", "pc-dimm,id=dimm0,memdev=mem-dimm0,node=1",
        ], argv);
    }

    [Fact]
    public void The_destination_gets_the_hot_plugged_dimms_on_its_command_line()
    {
        var source = QemuCommandLine.Render(Numa, RenderSide.Source);
        var destination = QemuCommandLine.Render(Numa, RenderSide.Destination);

        Assert.DoesNotContain("pc-dimm,id=dimm1,memdev=mem-dimm1,node=0", source);
        Assert.Contains("pc-dimm,id=dimm1,memdev=mem-dimm1,node=0", destination);
    }

    [Theory]
    [InlineData(128, "128M")]
    [InlineData(1024, "1G")]
    [InlineData(1536, "1536M")]
    [InlineData(1024 * 1024, "1T")]
    public void Sizes_render_in_the_largest_exact_unit(long mib, string expected) => Assert.Equal(expected, Sizes.Render(mib));

    [Fact]
    public void Cpu_ranges_collapse_runs() => Assert.Equal(["0-2", "5", "7-8"], QemuCommandLine.CpuRanges([8, 0, 1, 2, 5, 7]));

    [Fact]
    public void Nvdimm_switches_the_machine_option_on()
    {
        var config = VmConfig.Minimal("pc", Accelerator.Tcg) with
        {
            Memory = new MemoryLayout(128, 1, 2048),
            Dimms = [new Dimm("nv0", DimmKind.Nvdimm, 128, null, PlugTime.Cold)],
        };

        Assert.Contains("pc,accel=tcg,nvdimm=on", QemuCommandLine.Render(config));
    }
}
