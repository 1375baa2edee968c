using System.Text;
using System.Text.Json;
using MigrationHarness.Campaign;
using MigrationHarness.Records;

namespace MigrationHarness.Results;

/// <summary>
/// <c>cases.jsonl</c>: append-only, one whole line per case, flushed to disk as each case ends, so a
/// killed run loses at most the case in flight. A truncated last line (a crash mid-write) is
/// detected and dropped when the log is read back.
/// </summary>
public sealed class CaseLog : IDisposable
{
    private readonly FileStream _stream;
    private readonly Lock _gate = new();

    public string Path { get; }

    public CaseLog(string path)
    {
        Path = path;
        TrimTruncatedTail(path);
        _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    public void Append(CaseRecord record)
    {
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, ResultsJson.Line) + "\n");
        lock (_gate)
        {
            _stream.Write(bytes);
            _stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>Every complete record of a log; lines that do not parse (a torn last write) are skipped.</summary>
    public static IReadOnlyList<CaseRecord> Read(string path)
    {
        if (!File.Exists(path)) return [];
        var records = new List<CaseRecord>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            try { records.Add(JsonSerializer.Deserialize<CaseRecord>(line, ResultsJson.Line)!); }
            catch (JsonException) { /* a torn line */ }
        }
        return records;
    }

    /// <summary>Cuts the file back to its last newline, so appending never glues a new line to a torn one.</summary>
    private static void TrimTruncatedTail(string path)
    {
        if (!File.Exists(path)) return;
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        if (file.Length == 0) return;
        var position = file.Length;
        var one = new byte[1];
        while (position > 0)
        {
            file.Position = position - 1;
            file.ReadExactly(one);
            if (one[0] == (byte)'\n') break;
            position--;
        }
        if (position != file.Length) file.SetLength(position);
    }

    public void Dispose() => _stream.Dispose();
}
