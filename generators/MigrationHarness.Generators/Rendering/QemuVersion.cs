namespace MigrationHarness.Configs;

/// <summary>A QEMU release as <c>query-version</c> reports it; ordered, so syntax rules can say "since 7.0".</summary>
public sealed record QemuVersion(int Major, int Minor, int Micro) : IComparable<QemuVersion>
{
    public static QemuVersion Parse(string text)
    {
        var parts = text.Split('.');
        if (parts.Length is < 2 or > 3 || !parts.All(p => int.TryParse(p, out _)))
            throw new FormatException($"'{text}' is not a QEMU version like 7.2 or 7.2.1.");
        return new QemuVersion(int.Parse(parts[0]), int.Parse(parts[1]), parts.Length == 3 ? int.Parse(parts[2]) : 0);
    }

    public int CompareTo(QemuVersion? other) =>
        other is null ? 1 : (Major, Minor, Micro).CompareTo((other.Major, other.Minor, other.Micro));

    public static bool operator <(QemuVersion a, QemuVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(QemuVersion a, QemuVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(QemuVersion a, QemuVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(QemuVersion a, QemuVersion b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Major}.{Minor}.{Micro}";
}
