using System.Text;

namespace MigrationHarness.Findings.Vmstate;

/// <summary>
/// The vmstate sections a saved migration stream carries, found by their section headers
/// (QEMU_VM_SECTION_START or _FULL, a 32-bit section id, the id string, instance and version):
/// what "the devices the config has" means for a vmstate difference. A header counts only when its
/// id string names a section one of the builds knows, so payload bytes are not mistaken for one.
/// </summary>
public static class StreamSections
{
    private const byte SectionStart = 0x01, SectionFull = 0x04;

    public static IReadOnlyDictionary<string, int> Read(ReadOnlySpan<byte> stream, IReadOnlySet<string> known)
    {
        var found = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + 6 < stream.Length; i++)
        {
            if (stream[i] is not (SectionStart or SectionFull)) continue;
            var length = stream[i + 5];
            if (length == 0 || i + 6 + length + 8 > stream.Length) continue;
            var idBytes = stream.Slice(i + 6, length);
            if (!IsPrintable(idBytes)) continue;
            var id = Encoding.ASCII.GetString(idBytes);
            // The id string is "<device path>/<vmstate name>" for devices on a bus, or the bare name.
            var name = id.Contains('/') ? id[(id.LastIndexOf('/') + 1)..] : id;
            if (!known.Contains(name)) continue;
            var version = (stream[i + 6 + length + 4] << 24) | (stream[i + 6 + length + 5] << 16) | (stream[i + 6 + length + 6] << 8) | stream[i + 6 + length + 7];
            found.TryAdd(name, version);
            i += 5 + length;
        }
        return found;
    }

    private static bool IsPrintable(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
            if (b is < 0x21 or > 0x7e) return false;
        return true;
    }
}
