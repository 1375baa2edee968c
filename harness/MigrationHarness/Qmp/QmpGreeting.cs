using System.Text.Json;

namespace MigrationHarness.Qmp;

/// <summary>The first thing QEMU says on a QMP connection: its version and offered capabilities.</summary>
public sealed record QmpGreeting(int Major, int Minor, int Micro, string Package, IReadOnlyList<string> Capabilities)
{
    public string Version => $"{Major}.{Minor}.{Micro}";

    /// <summary>Parses and checks a greeting line; anything else is a protocol error.</summary>
    public static QmpGreeting Parse(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var qmp = doc.RootElement.GetProperty("QMP");
            var version = qmp.GetProperty("version");
            var qemu = version.GetProperty("qemu");
            return new QmpGreeting(
                qemu.GetProperty("major").GetInt32(), qemu.GetProperty("minor").GetInt32(), qemu.GetProperty("micro").GetInt32(),
                version.TryGetProperty("package", out var package) ? package.GetString()?.Trim() ?? "" : "",
                qmp.TryGetProperty("capabilities", out var caps) ? caps.EnumerateArray().Select(c => c.GetString() ?? "").ToArray() : []);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new QmpProtocolException($"expected a QMP greeting, got: {Truncate(line)}", ex);
        }
    }

    private static string Truncate(string s) => s.Length > 200 ? s[..200] + "…" : s;
}
