namespace MigrationHarness.Configs;

/// <summary>QEMU size spellings: rendered in the largest exact unit, parsed with QEMU's suffixes (default MiB for -m).</summary>
public static class Sizes
{
    public static string Render(long mebibytes) =>
        mebibytes % (1024 * 1024) == 0 ? $"{mebibytes / (1024 * 1024)}T"
        : mebibytes % 1024 == 0 ? $"{mebibytes / 1024}G"
        : $"{mebibytes}M";

    /// <summary>Parses <c>512</c>, <c>512M</c>, <c>4G</c>, <c>1T</c>, <c>1048576K</c>, <c>134217728B</c> into MiB.</summary>
    /// <param name="defaultUnit">Unit of a bare number: 'M' for <c>-m</c>, 'B' for object properties.</param>
    public static bool TryParse(string text, char defaultUnit, out long mebibytes)
    {
        mebibytes = 0;
        if (string.IsNullOrEmpty(text)) return false;
        var unit = char.ToUpperInvariant(text[^1]);
        var number = char.IsLetter(unit) ? text[..^1] : text;
        if (!char.IsLetter(unit)) unit = defaultUnit;
        if (!long.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)) return false;
        long bytes;
        try
        {
            bytes = unit switch
            {
                'B' => value,
                'K' => checked(value * 1024),
                'M' => checked(value * 1024 * 1024),
                'G' => checked(value * 1024 * 1024 * 1024),
                'T' => checked(value * 1024L * 1024 * 1024 * 1024),
                _ => -1,
            };
        }
        catch (OverflowException)
        {
            return false;
        }
        if (bytes <= 0 || bytes % (1024 * 1024) != 0) return false;
        mebibytes = bytes / (1024 * 1024);
        return true;
    }
}
