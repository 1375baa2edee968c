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

    /// <summary>
    /// Machine-type names as one short line: each family's versioned types as their oldest and newest
    /// (<c>pc-q35-2.4 to pc-q35-11.1</c>), then the aliases, then every other name. Several builds' names
    /// together make one range even where no single build has all of it.
    /// </summary>
    public static string Summary(IEnumerable<string> names)
    {
        var distinct = names.Distinct().ToArray();
        var ranges = distinct.Where(IsVersioned)
            .GroupBy(Family)
            .OrderBy(g => g.Key == "q35" ? 0 : 1)
            .Select(g => g.OrderBy(n => VersionOf(n)).ToArray())
            .Select(family => family.Length == 1 ? family[0] : $"{family[0]} to {family[^1]}");
        var aliases = Aliases.Where(distinct.Contains);
        var others = distinct.Where(n => !IsVersioned(n) && !Aliases.Contains(n)).Order(StringComparer.Ordinal);
        return string.Join(", ", ranges.Concat(aliases).Concat(others));
    }

    [GeneratedRegex(@"^pc-(?:q35|i440fx)-(\d+\.\d+)$")]
    private static partial Regex Versioned();
}
