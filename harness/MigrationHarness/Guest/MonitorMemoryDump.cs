using System.Buffers.Binary;
using System.Globalization;

namespace MigrationHarness.Guest;

/// <summary>
/// Guest memory as the monitor's <c>xp /Nwx ADDR</c> prints it: lines of an address, a colon and
/// 32-bit words in hex (<c>00000000fffffff0: 0x00e05bea 0x2f3630f0</c> from 5.2; 11.1 drops the
/// address's leading zeros). One QMP round trip reads a small range this way, where <c>pmemsave</c>
/// needs a second one through the engine to fetch its file.
/// </summary>
public static class MonitorMemoryDump
{
    /// <summary>The command that prints <paramref name="size"/> bytes (a multiple of 4) from <paramref name="address"/>.</summary>
    public static string Command(long address, int size) =>
        string.Create(CultureInfo.InvariantCulture, $"xp /{size / 4}wx 0x{address:x}");

    /// <summary>
    /// The bytes the monitor printed (x86 words are little-endian), or null when the text is not
    /// <paramref name="size"/> bytes of words: a line the monitor could not read ("Cannot access
    /// memory"), a word cut short, or a count that does not match.
    /// </summary>
    public static byte[]? Parse(string text, int size)
    {
        var bytes = new byte[size];
        var at = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) return null;
            foreach (var token in line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!token.StartsWith("0x", StringComparison.Ordinal) || token.Length != 10
                    || !uint.TryParse(token.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var word)
                    || at + 4 > size)
                    return null;
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), word);
                at += 4;
            }
        }
        return at == size ? bytes : null;
    }
}
