using MigrationHarness.Configs.Cpu;

namespace MigrationHarness.Configs.Parsing;

/// <summary>What the parser has collected so far; <see cref="Build"/> turns it into a config.</summary>
internal sealed class ParseState
{
    private readonly Dictionary<string, long> _backends = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ValueList<BackendOption>> _backendOptions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedBackends = new(StringComparer.Ordinal);
    private readonly List<OptionList> _nodes = [];
    private readonly List<OptionList> _distances = [];
    private readonly List<OptionList> _devices = [];
    private string? _machineType;
    private bool _nvdimm;
    private string? _ramBackend;
    private ValueList<MachineProperty> _machineProperties = [];

    public string? Accel { get; set; }
    public string? Cpu { get; set; }
    public OptionList? Smp { get; set; }
    public OptionList? Memory { get; set; }

    public void Machine(string argument)
    {
        var options = new OptionList("-machine", argument, implicitKey: "type");
        _machineType = options.Get("type") ?? throw new CommandLineParseException("-machine needs a machine type");
        if (options.Get("accel") is { } accel) Accel = FirstAccel(accel);
        _nvdimm = options.Get("nvdimm") is "on" or "true" or "yes";
        _ramBackend = options.Get("memory-backend");
        if (options.Get("usb") is { } usb && usb is not ("off" or "false" or "no"))
            throw new CommandLineParseException("-machine: usb=on adds a USB controller, which is not modelled");
        // Kept as written: each build decides what it makes of the value, and builds that differ are a finding.
        _machineProperties = Capabilities.MachinePropertyCatalog.All
            .Select(e => options.Get(e.Name) is { } value ? new MachineProperty(e.Name, value) : null)
            .OfType<MachineProperty>().OrderBy(p => p.Name, StringComparer.Ordinal).ToValueList();
        options.RejectUnused(_machineType, "dump-guest-core", "mem-merge");
    }

    public void AccelOption(string argument)
    {
        var options = new OptionList("-accel", argument, implicitKey: "accel");
        Accel = FirstAccel(options.Get("accel")!);
        options.RejectUnused(Accel);
    }

    private static string FirstAccel(string value)
    {
        var first = value.Split(':')[0];
        return first is "kvm" or "tcg" ? first : throw new CommandLineParseException($"accelerator '{first}' is not supported (kvm or tcg)");
    }

    public void Object(string argument)
    {
        var options = new OptionList("-object", argument, implicitKey: "qom-type");
        var type = options.Get("qom-type");
        if (type != "memory-backend-ram")
            throw new CommandLineParseException($"-object {type}: only memory-backend-ram objects are modelled");
        var id = options.Require("id", "a memory backend");
        var size = options.GetSize("size", 'B') ?? throw new CommandLineParseException($"-object memory-backend-ram,id={id}: no size=");
        // Kept as written: how each build maps, shares and migrates the memory is its own business, and builds that differ are a finding.
        _backendOptions[id] = Capabilities.BackendOptionCatalog.Names
            .Select(name => options.Get(name) is { } value ? new BackendOption(name, value) : null)
            .OfType<BackendOption>().OrderBy(o => o.Name, StringComparer.Ordinal).ToValueList();
        options.RejectUnused($"memory-backend-ram,id={id}");
        if (!_backends.TryAdd(id, size)) throw new CommandLineParseException($"-object: the id '{id}' is used twice");
    }

    public void Numa(string argument)
    {
        var options = new OptionList("-numa", argument, implicitKey: "type");
        switch (options.Get("type"))
        {
            case "node": _nodes.Add(options); break;
            case "dist": _distances.Add(options); break;
            default: throw new CommandLineParseException($"-numa {options.Leading}: only 'node' and 'dist' are modelled");
        }
    }

    public void Device(string argument)
    {
        var options = new OptionList("-device", argument, implicitKey: "driver");
        var driver = options.Get("driver");
        if (driver is not ("pc-dimm" or "nvdimm" or "virtio-mem-pci"))
            throw new CommandLineParseException($"-device {driver}: only pc-dimm, nvdimm and virtio-mem-pci devices are modelled");
        _devices.Add(options);
    }

    public VmConfig Build()
    {
        var machine = _machineType ?? "pc";
        var accelerator = (Accel ?? "tcg") == "kvm" ? Accelerator.Kvm : Accelerator.Tcg;
        var memory = BuildMemory();
        var smp = BuildSmp(machine);
        var numa = BuildNuma();
        var dimms = BuildDimms(numa);
        if (dimms.Any(d => d.Kind == DimmKind.Nvdimm) && !_nvdimm)
            throw new CommandLineParseException("-device nvdimm needs nvdimm=on on -machine");
        foreach (var id in _backends.Keys.Where(id => !_usedBackends.Contains(id)))
            throw new CommandLineParseException($"-object memory-backend-ram,id={id} is not used by any NUMA node or memory device");
        return new VmConfig(machine, accelerator, smp, memory, numa, dimms, BuildCpu()) { MachineProperties = _machineProperties };
    }

    private MemoryLayout BuildMemory()
    {
        var options = Memory ?? new OptionList("-m", "128");
        var size = options.GetSize("size", 'M');
        var slots = options.GetInt("slots") ?? 0;
        var maxmem = options.GetSize("maxmem", 'M');
        options.RejectUnused("");
        if (_ramBackend is not null)
        {
            if (!_backends.TryGetValue(_ramBackend, out var backendSize))
                throw new CommandLineParseException($"-machine memory-backend={_ramBackend} names no -object");
            _usedBackends.Add(_ramBackend);
            if (size is not null && size != backendSize)
                throw new CommandLineParseException($"-m {Sizes.Render(size.Value)} differs from memory-backend {_ramBackend}'s size {Sizes.Render(backendSize)}");
            size = backendSize;
        }
        var ram = size ?? 128;
        if (maxmem is not null && slots == 0) throw new CommandLineParseException("-m: maxmem= needs slots=");
        if (slots > 0 && maxmem is null) throw new CommandLineParseException("-m: slots= needs maxmem=");
        return new MemoryLayout(ram, slots, maxmem ?? ram) { BackendOptions = _ramBackend is null ? [] : _backendOptions[_ramBackend] };
    }

    /// <summary>
    /// Fills in what <c>-smp</c> leaves out the way QEMU 6.2 and later do: maxcpus defaults to
    /// cpus; machine types before 6.2 prefer sockets, later ones cores; threads are computed last;
    /// dies default to 1. A partial <c>-smp</c> keeps its written form (<see cref="SmpTopology.Written"/>):
    /// builds get it as written and complete it themselves.
    /// </summary>
    private SmpTopology BuildSmp(string machine)
    {
        var options = Smp ?? new OptionList("-smp", "1");
        var cpus = options.GetInt("cpus");
        var maxcpus = options.GetInt("maxcpus");
        var sockets = options.GetInt("sockets");
        var givenDies = options.GetInt("dies");
        var dies = givenDies ?? 1;
        var cores = options.GetInt("cores");
        var threads = options.GetInt("threads");
        options.RejectUnused("", "clusters", "books", "drawers");
        if (options.GetInt("clusters") is > 1 || options.GetInt("books") is > 1 || options.GetInt("drawers") is > 1)
            throw new CommandLineParseException("-smp: clusters, books and drawers are not x86 topology levels");
        if (cpus is 0 || maxcpus is 0 || sockets is 0 || cores is 0 || dies == 0 || threads == 0)
            throw new CommandLineParseException("-smp: values must be at least 1");
        var complete = cpus is not null && maxcpus is not null && sockets is not null && givenDies is not null && cores is not null && threads is not null;

        var max = maxcpus ?? cpus ?? (sockets ?? 1) * dies * (cores ?? 1) * (threads ?? 1);
        if (QemuCommandLineParser.PrefersSockets(machine))
        {
            if (sockets is null) { cores ??= 1; threads ??= 1; sockets = Math.Max(1, max / (dies * cores.Value * threads.Value)); }
            else if (cores is null) { threads ??= 1; cores = Math.Max(1, max / (sockets.Value * dies * threads.Value)); }
        }
        else
        {
            if (cores is null) { sockets ??= 1; threads ??= 1; cores = Math.Max(1, max / (sockets.Value * dies * threads.Value)); }
            else if (sockets is null) { threads ??= 1; sockets = Math.Max(1, max / (dies * cores.Value * threads.Value)); }
        }
        threads ??= Math.Max(1, max / (sockets!.Value * dies * cores!.Value));
        if (maxcpus is null && cpus is null) max = sockets.Value * dies * cores.Value * threads.Value;
        return new SmpTopology(cpus ?? max, max, sockets!.Value, dies, cores!.Value, threads.Value)
        {
            Written = complete ? null : options.Argument,
        };
    }

    private NumaLayout BuildNuma()
    {
        if (_nodes.Count == 0)
        {
            if (_distances.Count > 0) throw new CommandLineParseException("-numa dist without any -numa node");
            return NumaLayout.None;
        }
        var nodes = new List<NumaNode>();
        NumaBacking? backing = null;
        foreach (var (options, index) in _nodes.Select((o, i) => (o, i)))
        {
            var id = options.GetInt("nodeid") ?? index;
            var cpus = options.GetAll("cpus").SelectMany(QemuCommandLineParser.ParseCpuRange).Order().ToValueList();
            var mem = options.GetSize("mem", 'M');
            var memdev = options.Get("memdev");
            options.RejectUnused($"node,nodeid={id}", "initiator");
            if (mem is not null && memdev is not null) throw new CommandLineParseException($"-numa node,nodeid={id}: give mem= or memdev=, not both");
            if (mem is null && memdev is null) throw new CommandLineParseException($"-numa node,nodeid={id}: a node without memory (mem= or memdev=) is not modelled");
            var nodeBacking = memdev is null ? NumaBacking.LegacyMem : NumaBacking.Memdev;
            if (backing is not null && backing != nodeBacking) throw new CommandLineParseException("-numa: all nodes must use mem= or all memdev=, not a mix");
            backing = nodeBacking;
            long memory;
            if (memdev is not null)
            {
                if (!_backends.TryGetValue(memdev, out memory)) throw new CommandLineParseException($"-numa node,nodeid={id}: memdev={memdev} names no -object");
                if (!_usedBackends.Add(memdev)) throw new CommandLineParseException($"-numa node,nodeid={id}: memdev={memdev} is already used");
            }
            else memory = mem!.Value;
            nodes.Add(new NumaNode(id, memory, cpus) { BackendOptions = memdev is null ? [] : _backendOptions[memdev] });
        }
        nodes.Sort((a, b) => a.Id.CompareTo(b.Id));
        var distances = _distances.Select(options =>
        {
            var src = options.GetInt("src") ?? throw new CommandLineParseException("-numa dist needs src=");
            var dst = options.GetInt("dst") ?? throw new CommandLineParseException("-numa dist needs dst=");
            var val = options.GetInt("val") ?? throw new CommandLineParseException("-numa dist needs val=");
            options.RejectUnused("dist");
            return new NumaDistance(src, dst, val);
        }).ToValueList();
        return new NumaLayout(backing!.Value, nodes.ToValueList(), distances);
    }

    private ValueList<Dimm> BuildDimms(NumaLayout numa)
    {
        var dimms = new List<Dimm>();
        foreach (var options in _devices)
        {
            var driver = options.Get("driver")!;
            var id = options.Get("id") ?? throw new CommandLineParseException($"-device {driver}: a memory device without id= cannot be matched on the destination");
            var memdev = options.Get("memdev") ?? throw new CommandLineParseException($"-device {driver},id={id}: no memdev= (a memory device needs a memory backend)");
            if (!_backends.TryGetValue(memdev, out var size)) throw new CommandLineParseException($"-device {driver},id={id}: memdev={memdev} names no -object");
            if (!_usedBackends.Add(memdev)) throw new CommandLineParseException($"-device {driver},id={id}: memdev={memdev} is already used");
            var node = options.GetInt("node");
            var kind = driver switch { "pc-dimm" => DimmKind.PcDimm, "nvdimm" => DimmKind.Nvdimm, _ => DimmKind.VirtioMem };
            if (kind == DimmKind.VirtioMem && options.Get("requested-size") is { } requested && requested.TrimEnd('B', 'K', 'M', 'G', 'T', 'b', 'k', 'm', 'g', 't') != "0")
                throw new CommandLineParseException($"-device virtio-mem-pci,id={id}: only requested-size=0 (nothing plugged at start) is modelled");
            options.RejectUnused($"{driver},id={id}", "slot", "addr", "memaddr", "bus");
            dimms.Add(new Dimm(id, kind, size, numa.IsEmpty && node == 0 ? null : node, PlugTime.Cold) { BackendOptions = _backendOptions[memdev] });
        }
        return dimms.ToValueList();
    }

    private CpuSpec BuildCpu()
    {
        if (Cpu is null) return CpuSpec.Qemu64;
        var parts = Cpu.Split(',');
        var model = parts[0];
        if (model.Length == 0) throw new CommandLineParseException("-cpu needs a model name");
        var features = new List<CpuFeature>();
        // With enforce QEMU itself refuses to start when the host filters a feature: that is a require. Without it QEMU warns,
        // filters and runs, and so does the harness: a pasted "+feat" is optional, and builds that filter differently are a finding.
        var enforce = parts.Skip(1).Any(p => p is "enforce" or "enforce=on" or "+enforce");
        foreach (var part in parts.Skip(1))
        {
            if (part is "check" or "check=on" or "enforce" or "enforce=on" or "+enforce") continue;
            string name;
            bool on;
            if (part.StartsWith('+') || part.StartsWith('-')) (name, on) = (part[1..], part[0] == '+');
            else if (part.Split('=', 2) is [var key, var value])
            {
                name = key;
                on = value switch
                {
                    "on" or "true" or "yes" => true,
                    "off" or "false" or "no" => false,
                    _ => throw new CommandLineParseException($"-cpu {model}: '{part}' is not a feature switch (on/off)"),
                };
            }
            else throw new CommandLineParseException($"-cpu {model}: unsupported property '{part}'");
            name = CpuFeatureNames.Canonical(name);
            if (!CpuFeatureNames.IsFeature(name)) throw new CommandLineParseException($"-cpu {model}: unsupported property '{part}' (not a CPU feature switch)");
            if (features.Any(f => f.Name == name)) throw new CommandLineParseException($"-cpu {model}: feature '{name}' is given twice");
            features.Add(new CpuFeature(name, on ? (enforce ? FeaturePolicy.Require : FeaturePolicy.Optional) : FeaturePolicy.Disable));
        }
        return new CpuSpec(model, features.ToValueList());
    }
}
