using MigrationHarness.Configs;
using MigrationHarness.Configs.Parsing;

namespace MigrationHarness.Generators.Tests.Parsing;

public sealed class CommandLineParserTests
{
    private static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "data", "command-lines", name);

    public static TheoryData<string> RealisticLines()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "data", "command-lines"), "*.txt").Order())
            data.Add(Path.GetFileName(file));
        return data;
    }

    private static VmConfig ParseFile(string name) =>
        QemuCommandLineParser.Parse(string.Join('\n', File.ReadLines(DataFile(name)).Where(l => !l.StartsWith('#'))));

    [Theory]
    [MemberData(nameof(RealisticLines))]
    public void A_realistic_command_line_parses_and_survives_a_render_round_trip(string file)
    {
        var config = ParseFile(file);

        var rendered = QemuCommandLine.Render(config);
        Assert.Equal(config, QemuCommandLineParser.Parse(["qemu-system-x86_64", .. rendered]));
    }

    [Fact]
    public void At_least_ten_realistic_lines_are_kept_as_test_data() => Assert.True(RealisticLines().Count >= 10);

    [Fact]
    public void The_bug_report_line_reads_as_numa_with_a_dimm_and_policies()
    {
        var config = ParseFile("01-issue-report-numa-dimm.txt");

        Assert.Equal("pc-q35-7.2", config.MachineType);
        Assert.Equal(Accelerator.Kvm, config.Accelerator);
        // "+ibpb" without enforce: QEMU warns, filters what the host lacks and runs, so the harness does too.
        Assert.Equal(new CpuSpec("EPYC", [new CpuFeature("ibpb", FeaturePolicy.Optional), new CpuFeature("x2apic", FeaturePolicy.Disable)]), config.Cpu);
        Assert.Equal(new MemoryLayout(4096, 4, 16384), config.Memory);
        // Machine types from 6.2 on prefer cores when -smp gives only a count.
        Assert.Equal(new SmpTopology(4, 4, 1, 1, 4, 1) { Written = "4" }, config.Smp);
        Assert.Equal([new NumaNode(0, 2048, [0, 1]), new NumaNode(1, 2048, [2, 3])], config.Numa.Nodes);
        Assert.Equal([new Dimm("dimm1", DimmKind.PcDimm, 1024, 1, PlugTime.Cold)], config.Dimms);
    }

    [Theory]
    [InlineData("EPYC,+ibpb", FeaturePolicy.Optional)]
    [InlineData("EPYC,ibpb=on", FeaturePolicy.Optional)]
    [InlineData("EPYC,+ibpb,enforce", FeaturePolicy.Require)]
    [InlineData("EPYC,enforce=on,ibpb=on", FeaturePolicy.Require)]
    [InlineData("EPYC,-ibpb,enforce", FeaturePolicy.Disable)]
    public void A_pasted_feature_runs_as_qemu_runs_it_and_is_required_only_under_enforce(string cpu, FeaturePolicy policy) =>
        Assert.Equal([new CpuFeature("ibpb", policy)], QemuCommandLineParser.Parse($"qemu-system-x86_64 -cpu {cpu}").Cpu.Features);

    [Fact]
    public void Memory_backend_options_are_kept_as_written_on_the_backend_they_belong_to()
    {
        var numa = QemuCommandLineParser.Parse(
            "qemu-system-x86_64 -m 2G,slots=2,maxmem=4G -object memory-backend-ram,id=m0,size=1G,share=on,prealloc=on -object memory-backend-ram,id=m1,size=1G,policy=default " +
            "-numa node,nodeid=0,memdev=m0 -numa node,nodeid=1,memdev=m1 -object memory-backend-ram,id=d0,size=512M,merge=off,dump=off -device pc-dimm,id=dimm0,memdev=d0,node=1");
        var plain = QemuCommandLineParser.Parse("qemu-system-x86_64 -machine pc-q35-7.2,memory-backend=pc.ram -object memory-backend-ram,id=pc.ram,size=2G,share=on -m 2G");

        Assert.Equal([new BackendOption("prealloc", "on"), new BackendOption("share", "on")], numa.Numa.Nodes[0].BackendOptions);
        Assert.Equal([new BackendOption("policy", "default")], numa.Numa.Nodes[1].BackendOptions);
        Assert.Equal([new BackendOption("dump", "off"), new BackendOption("merge", "off")], Assert.Single(numa.Dimms).BackendOptions);
        Assert.Equal([new BackendOption("share", "on")], plain.Memory.BackendOptions);
        var rendered = QemuCommandLine.Render(plain);
        Assert.Contains("memory-backend-ram,id=pc.ram,size=2G,share=on", rendered);
        Assert.Contains("pc-q35-7.2,accel=tcg,memory-backend=pc.ram", rendered);
        foreach (var config in new[] { numa, plain })
            Assert.Equal(config, QemuCommandLineParser.Parse(["qemu-system-x86_64", .. QemuCommandLine.Render(config)]));
    }

    [Fact]
    public void Machine_properties_that_change_what_the_guest_sees_are_kept_as_written_and_rendered_back()
    {
        var config = QemuCommandLineParser.Parse("qemu-system-x86_64 -machine pc-q35-7.2,vmport=auto,smm=off,hpet=off -m 1G");

        Assert.Equal([new MachineProperty("hpet", "off"), new MachineProperty("smm", "off"), new MachineProperty("vmport", "auto")], config.MachineProperties);
        var rendered = QemuCommandLine.Render(config);
        Assert.Contains("pc-q35-7.2,accel=tcg,hpet=off,smm=off,vmport=auto", rendered);
        Assert.Equal(config, QemuCommandLineParser.Parse(["qemu-system-x86_64", .. rendered]));
    }

    [Fact]
    public void Old_machine_types_prefer_sockets_when_smp_gives_only_a_count()
    {
        var config = QemuCommandLineParser.Parse("qemu-system-x86_64 -machine pc-i440fx-5.2 -smp 4");

        Assert.Equal(new SmpTopology(4, 4, 4, 1, 1, 1) { Written = "4" }, config.Smp);
    }

    [Theory]
    [InlineData("pc-q35-7.2", "8,sockets=2,cores=2", 8, 8, 2, 2, 2)]
    [InlineData("pc-q35-7.2", "4,maxcpus=8,sockets=2", 4, 8, 2, 4, 1)]
    [InlineData("pc-i440fx-5.2", "4,maxcpus=8,cores=2", 4, 8, 4, 2, 1)]
    [InlineData("pc-q35-7.2", "maxcpus=8,sockets=2", 8, 8, 2, 4, 1)]
    public void A_partial_smp_is_completed_as_current_qemu_does_and_kept_as_written_for_each_build(
        string machine, string smp, int cpus, int maxcpus, int sockets, int cores, int threads)
    {
        var config = QemuCommandLineParser.Parse($"qemu-system-x86_64 -machine {machine} -smp {smp}");

        Assert.Equal(new SmpTopology(cpus, maxcpus, sockets, 1, cores, threads) { Written = smp }, config.Smp);
        var rendered = QemuCommandLine.Render(config);
        Assert.Equal(smp, rendered[rendered.IndexOf("-smp") + 1]);
        Assert.Equal(config, QemuCommandLineParser.Parse(["qemu-system-x86_64", .. rendered]));
    }

    [Fact]
    public void The_libvirt_json_objects_and_memory_backend_read_like_the_plain_form()
    {
        var config = ParseFile("05-libvirt-log.txt");

        Assert.Equal(MemoryLayout.Fixed(2048), config.Memory);
        Assert.Equal("EPYC-Rome", config.Cpu.Model);
        Assert.Contains(new CpuFeature("rdctl-no", FeaturePolicy.Optional), config.Cpu.Features);
    }

    [Fact]
    public void Legacy_numa_mem_reads_as_legacy_backing()
    {
        var config = ParseFile("06-legacy-numa-mem.txt");

        Assert.Equal(NumaBacking.LegacyMem, config.Numa.Backing);
        Assert.Equal([1024L, 1024L], config.Numa.Nodes.Select(n => n.MemoryMiB));
    }

    [Theory]
    [InlineData("qemu-system-x86_64 -device virtio-net-pci,netdev=n0", "-device virtio-net-pci: only pc-dimm")]
    [InlineData("qemu-system-x86_64 -m 4X", "-m: size='4X' is not a size")]
    [InlineData("qemu-system-x86_64 -smp 2 -numa node,nodeid=0,cpus=0-1", "a node without memory")]
    [InlineData("qemu-system-x86_64 -m 1G,slots=2,maxmem=4G -device pc-dimm,id=d0", "no memdev= (a memory device needs a memory backend)")]
    [InlineData("qemu-system-x86_64 -m 1G,slots=2,maxmem=4G -object memory-backend-ram,id=m0,size=1G -device pc-dimm,memdev=m0", "without id=")]
    [InlineData("qemu-system-x86_64 -object memory-backend-file,id=m0,size=1G,mem-path=/dev/shm", "only memory-backend-ram")]
    [InlineData("qemu-system-x86_64 -drive file=disk.img,if=virtio", "unsupported option -drive")]
    [InlineData("qemu-system-x86_64 -cpu EPYC,migratable=off", "unsupported property 'migratable=off'")]
    [InlineData("qemu-system-x86_64 -cpu EPYC,avx2=maybe", "'avx2=maybe' is not a feature switch")]
    [InlineData("qemu-system-x86_64 -cpu EPYC,+avx2,-avx2", "feature 'avx2' is given twice")]
    [InlineData("qemu-system-x86_64 -smp 4,clusters=2", "clusters")]
    [InlineData("qemu-system-x86_64 -m 2G -object memory-backend-ram,id=m1,size=1G -numa node,mem=1G -numa node,memdev=m1", "not a mix")]
    [InlineData("qemu-system-x86_64 -m 1G,maxmem=4G", "maxmem= needs slots=")]
    [InlineData("qemu-system-x86_64 -numa cpu,node-id=0,socket-id=0", "only 'node' and 'dist'")]
    [InlineData("qemu-system-x86_64 -machine", "-machine needs an argument")]
    [InlineData("qemu-system-x86_64 -m \"1G", "unterminated double quote")]
    [InlineData("ls -la", "does not look like a QEMU binary")]
    [InlineData("qemu-system-x86_64 -m 1G,slots=1,maxmem=2G -object memory-backend-ram,id=m,size=512M -device nvdimm,id=n,memdev=m", "needs nvdimm=on")]
    [InlineData("qemu-system-x86_64 -object memory-backend-ram,id=unused,size=1G", "is not used by any NUMA node or memory device")]
    [InlineData("qemu-system-x86_64 -m 1G -numa node,mem=512M", "adds up to 512M, not -m 1G")]
    [InlineData("qemu-system-x86_64 -smp 4 -m 2G -numa node,mem=1G,cpus=0-1 -numa node,mem=1G,cpus=1-2", "a vCPU is placed on two NUMA nodes")]
    [InlineData("qemu-system-x86_64 -accel xen", "accelerator 'xen' is not supported")]
    [InlineData("qemu-system-x86_64 -machine pc,usb=on", "usb=on")]
    [InlineData("qemu-system-x86_64 -machine pc,graphics=off", "unsupported property 'graphics=off'")]
    [InlineData("qemu-system-x86_64 -m 1G -object memory-backend-ram,id=m0,size=1G,discard-data=on -numa node,memdev=m0", "unsupported property 'discard-data=on'")]
    [InlineData("qemu-system-x86_64 -m 1G,slots=1,maxmem=2G -object memory-backend-ram,id=m0,size=100M -device pc-dimm,id=d0,memdev=m0", "multiple of 128M")]
    [InlineData("qemu-system-x86_64 -numa dist,src=0,dst=1,val=20", "-numa dist without any -numa node")]
    [InlineData("qemu-system-x86_64 -m 1G,slots=1,maxmem=2G -device pc-dimm,id=d0,memdev=nope", "memdev=nope names no -object")]
    [InlineData("qemu-system-x86_64 -smp 0", "at least 1")]
    [InlineData("qemu-system-x86_64 -object '{\"qom-type\":\"memory-backend-ram\",\"id\":}'", "not valid JSON")]
    [InlineData("qemu-system-x86_64 -smp 4 -m 1G -numa node,mem=1G,cpus=0-9", "outside 0..3")]
    [InlineData("qemu-system-x86_64 stray-word", "unexpected 'stray-word'")]
    public void A_malformed_command_line_is_refused_with_one_line_naming_the_problem(string line, string expected)
    {
        var error = Assert.Throws<CommandLineParseException>(() => QemuCommandLineParser.Parse(line));

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Options_that_cannot_affect_migration_are_ignored()
    {
        var plain = QemuCommandLineParser.Parse("qemu-system-x86_64 -machine q35 -m 1G");
        var noisy = QemuCommandLineParser.Parse("qemu-system-x86_64 -name vm -machine q35 -display none -serial none -monitor stdio " +
                                                "-qmp unix:/tmp/q,server=on,wait=off -pidfile /tmp/p -m 1G -nodefaults -no-user-config -S");

        Assert.Equal(plain, noisy);
    }

    [Fact]
    public void Shell_words_handle_quotes_escapes_and_continuations_without_expanding_anything()
    {
        Assert.Equal(["a b", "c$(x)", "d'e", "f", "g"], ShellWords.Split("'a b' \"c$(x)\" d\\'e \\\n f\tg"));
    }
}
