using System.Text.RegularExpressions;

namespace MigrationHarness.Configs;

/// <summary>
/// The guest architecture a build emulates and a config runs on, by QEMU's target name (<c>x86_64</c>,
/// <c>aarch64</c>): it names the binary (<c>qemu-system-x86_64</c>) and picks the guest platform (its
/// firmware, machine families, CPU vocabulary). A campaign runs builds of one architecture only.
/// </summary>
public sealed partial record GuestArchitecture
{
    private GuestArchitecture(string name) => Name = name;

    public string Name { get; }

    /// <summary>The architecture every build and config has unless it names another.</summary>
    public static readonly GuestArchitecture X86_64 = new("x86_64");

    /// <summary>The QEMU binary of this architecture, as distributions install it.</summary>
    public string QemuSystemBinary => "qemu-system-" + Name;

    /// <summary>An architecture by QEMU's target name; a name that cannot be one is a <see cref="FormatException"/>.</summary>
    public static GuestArchitecture Parse(string name) =>
        name == X86_64.Name ? X86_64
        : TargetName().IsMatch(name) ? new GuestArchitecture(name)
        : throw new FormatException($"'{name}' is not a QEMU target name (x86_64, aarch64, …)");

    public override string ToString() => Name;

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex TargetName();
}
