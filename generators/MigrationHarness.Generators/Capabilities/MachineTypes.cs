using System.Text.RegularExpressions;

namespace MigrationHarness.Configs.Capabilities;

/// <summary>Facts about machine-type names that hold in every build.</summary>
public static partial class MachineTypes
{
    /// <summary>The unversioned aliases; each build resolves them to its own newest versioned type.</summary>
    public static readonly IReadOnlyList<string> Aliases = ["q35", "pc"];

    public static bool IsVersioned(string name) => Versioned().IsMatch(name);

    public static string Family(string name) =>
        name.StartsWith("pc-q35", StringComparison.Ordinal) || name == "q35" ? "q35"
        : name.StartsWith("pc-i440fx", StringComparison.Ordinal) || name == "pc" ? "i440fx"
        : name;

    /// <summary>The version in a versioned name (<c>pc-q35-7.2</c> → 7.2), or null.</summary>
    public static QemuVersion? VersionOf(string name)
    {
        var match = Versioned().Match(name);
        return match.Success ? QemuVersion.Parse(match.Groups[1].Value) : null;
    }

    [GeneratedRegex(@"^pc-(?:q35|i440fx)-(\d+\.\d+)$")]
    private static partial Regex Versioned();
}
