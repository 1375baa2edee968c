using MigrationHarness.Configs.Capabilities;
using MigrationHarness.Configs.Validation;

namespace MigrationHarness.Configs.Parsing;

/// <summary>
/// Reads a QEMU command line as pasted from a bug report or a libvirt log into a <see cref="VmConfig"/>.
/// Options that cannot affect migration (names, display, monitors, serial ports) are ignored; any
/// other option or property the model does not represent is refused with a one-line message naming
/// it, because silently dropping it could hide the very thing a report is about.
/// Feature policies come back canonical: <c>feat=on</c>/<c>+feat</c> → require, <c>feat=off</c>/<c>-feat</c> → disable.
/// </summary>
public static partial class QemuCommandLineParser
{
    private static readonly HashSet<string> IgnoredWithArgument =
        ["-name", "-display", "-serial", "-monitor", "-qmp", "-mon", "-chardev", "-pidfile", "-D", "-d", "-msg", "-trace", "-vnc",
         "-sandbox", "-uuid", "-incoming", "-parallel", "-k"];
    private static readonly HashSet<string> IgnoredFlags =
        ["-nodefaults", "-no-user-config", "-nographic", "-daemonize", "-no-shutdown", "-S", "-no-hpet-warning"];

    public static VmConfig Parse(string commandLine) => Parse(ShellWords.Split(commandLine));

    public static VmConfig Parse(IReadOnlyList<string> words)
    {
        var state = new ParseState();
        var i = 0;
        // Leading environment assignments (libvirt logs: "LC_ALL=C PATH=… /usr/bin/qemu-system-x86_64 …") and the binary.
        while (i < words.Count && !words[i].StartsWith('-') && words[i].Contains('=')) i++;
        if (i < words.Count && !words[i].StartsWith('-'))
        {
            if (!words[i].Contains("qemu", StringComparison.OrdinalIgnoreCase))
                throw new CommandLineParseException($"'{words[i]}' does not look like a QEMU binary; paste the whole qemu-system-x86_64 command line");
            i++;
        }
        if (i >= words.Count) throw new CommandLineParseException("the command line has no QEMU options");

        for (; i < words.Count; i++)
        {
            var option = words[i];
            if (!option.StartsWith('-')) throw new CommandLineParseException($"unexpected '{option}' where an option was expected");
            if (option.StartsWith("--", StringComparison.Ordinal)) option = option[1..];
            if (IgnoredFlags.Contains(option)) continue;
            if (option == "-enable-kvm") { state.Accel ??= "kvm"; continue; }
            if (i + 1 >= words.Count) throw new CommandLineParseException($"{option} needs an argument");
            var argument = words[++i];
            if (IgnoredWithArgument.Contains(option)) continue;
            switch (option)
            {
                case "-machine" or "-M": state.Machine(argument); break;
                case "-accel": state.AccelOption(argument); break;
                case "-cpu": state.Cpu = argument; break;
                case "-smp": state.Smp = new OptionList("-smp", argument, implicitKey: "cpus"); break;
                case "-m": state.Memory = new OptionList("-m", argument, implicitKey: "size"); break;
                case "-object": state.Object(argument); break;
                case "-numa": state.Numa(argument); break;
                case "-device": state.Device(argument); break;
                default: throw new CommandLineParseException($"unsupported option {option} (only machine, accelerator, CPU, SMP, memory, NUMA and memory devices are modelled)");
            }
        }
        var config = state.Build();
        var errors = VmConfigRules.Validate(config);
        if (errors.Count > 0) throw new CommandLineParseException(errors[0].Message);
        return config;
    }

    /// <summary>
    /// What a command line can say of a config: a policy is the harness's check, not QEMU syntax, so
    /// it reads back as on (optional: QEMU warns, filters and runs) or off (disable); a hot-plugged DIMM is on the destination's
    /// command line as a cold one, after the cold ones. <c>Parse(Render(c, destination)) == CommandLineView(c)</c> for every config.
    /// </summary>
    public static VmConfig CommandLineView(VmConfig config) => config with
    {
        Cpu = config.Cpu with
        {
            Features = config.Cpu.Features.Select(f => f with { Policy = f.Enabled ? FeaturePolicy.Optional : FeaturePolicy.Disable }).ToValueList(),
        },
        Dimms = config.ColdDimms.Concat(config.HotDimms).Select(d => d with { Plug = PlugTime.Cold }).ToValueList(),
    };

    /// <summary>vCPU ranges as QEMU writes them: "0-3", "5".</summary>
    internal static IEnumerable<int> ParseCpuRange(string text)
    {
        var dash = text.IndexOf('-');
        if (dash < 0) return [ParseIndex(text)];
        var (first, last) = (ParseIndex(text[..dash]), ParseIndex(text[(dash + 1)..]));
        if (last < first || last - first > 4096) throw new CommandLineParseException($"-numa node: cpus={text} is not a valid range");
        return Enumerable.Range(first, last - first + 1);

        static int ParseIndex(string s) => int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? v : throw new CommandLineParseException($"-numa node: cpus='{s}' is not a vCPU index");
    }

    internal static bool PrefersSockets(string machineType) =>
        MachineTypes.VersionOf(machineType) is { } version && version < new QemuVersion(6, 2, 0);
}
