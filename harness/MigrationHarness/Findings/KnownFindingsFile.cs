using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MigrationHarness.Yaml;

namespace MigrationHarness.Findings;

/// <summary>
/// A known-findings baseline (YAML):
/// <code>
/// known:
///   - id: F1a2b3c4d                        # the finding's id, or
///     signature: "crash | source SIGABRT: …" # its exact identity, or
///     match: "^data-loss \\| guest-memory"   # a regular expression over "verdict | detail"
///     note: TCG dirty tracking loses pages on 7.2
///     link: https://gitlab.com/qemu-project/qemu/-/issues/1234
///     expires: 2027-03-01                    # optional; after it the entry no longer applies
/// </code>
/// </summary>
public static class KnownFindingsFile
{
    public static IReadOnlyList<KnownFinding> Load(string path)
    {
        if (!File.Exists(path)) throw new BadInputException($"known-findings file '{path}' does not exist");
        var document = YamlInputFile.Load<Document>(path, Shapes);
        if (document?.Known is null) throw new BadInputException($"{path}: no 'known:' list");
        return document.Known.Select((entry, index) =>
        {
            var where = $"{path}: known #{index + 1}";
            if (entry.Id is null && entry.Signature is null && entry.Match is null) throw new BadInputException($"{where}: needs 'id', 'signature' or 'match'");
            if (entry.Id is { } id && !Regex.IsMatch(id, "^F[0-9a-fA-F]{8}$")) throw new BadInputException($"{where}: id '{id}' is not a finding id like F1a2b3c4d");
            Regex? pattern = null;
            if (entry.Match is { } match)
            {
                try { pattern = new Regex(match, RegexOptions.None, TimeSpan.FromSeconds(1)); }
                catch (ArgumentException ex) { throw new BadInputException($"{where}: match '{match}' is not a regular expression: {ex.Message}"); }
            }
            DateOnly? expires = null;
            if (entry.Expires is { } text)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    throw new BadInputException($"{where}: expires '{text}' is not a date like 2027-03-01");
                expires = date;
            }
            return new KnownFinding(entry.Id, entry.Signature, pattern, entry.Note, entry.Link, expires, index + 1);
        }).ToArray();
    }

    /// <summary>
    /// Appends one entry naming <paramref name="finding"/> by id and exact identity, creating the file
    /// when needed; the rest of the file (comments included) is kept as it was.
    /// </summary>
    public static void Append(string path, Finding finding, string? note, string? link, DateOnly? expires)
    {
        if (File.Exists(path)) Load(path);
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Known findings: a nightly run with --known counts only findings not listed here.\nknown:\n";
        if (text.Length > 0 && !text.EndsWith('\n')) text += "\n";
        if (Regex.IsMatch(text, @"^known:\s*\[\]\s*$", RegexOptions.Multiline)) text = Regex.Replace(text, @"^known:\s*\[\]\s*$", "known:", RegexOptions.Multiline);
        // JSON strings are YAML double-quoted scalars: every character round-trips.
        var entry = $"  - id: {finding.Id}\n    signature: {Quote(finding.Identity)}\n";
        if (note is not null) entry += $"    note: {Quote(note)}\n";
        if (link is not null) entry += $"    link: {Quote(link)}\n";
        if (expires is { } date) entry += $"    expires: {date:yyyy-MM-dd}\n";
        File.WriteAllText(path + ".tmp", text + entry);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text, QuoteOptions);

    private static readonly JsonSerializerOptions QuoteOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly YamlShape[] Shapes =
    [
        new("", "a mapping with a 'known:' list"),
        new("known", "a list of known findings, each a mapping with id, signature or match"),
        new("known[]", "a known finding: a mapping with id, signature or match, and optionally note, link, expires"),
        new("known[].id", "a finding id like F1a2b3c4d"),
        new("known[].signature", "a finding's exact identity, as text"),
        new("known[].match", "a regular expression over \"verdict | detail\""),
        new("known[].note", "text"),
        new("known[].link", "a URL"),
        new("known[].expires", "a date like 2027-03-01"),
    ];

    private sealed class Document
    {
        public List<Entry>? Known { get; set; }
    }

    private sealed class Entry
    {
        public string? Id { get; set; }
        public string? Signature { get; set; }
        public string? Match { get; set; }
        public string? Note { get; set; }
        public string? Link { get; set; }
        public string? Expires { get; set; }
    }
}
