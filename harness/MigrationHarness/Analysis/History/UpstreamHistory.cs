using System.Text.RegularExpressions;
using MigrationHarness.Analysis.Causes;
using MigrationHarness.Configs;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using MigrationHarness.Analysis.Differences;

namespace MigrationHarness.Analysis.History;

/// <summary>
/// The intended upstream changes and known bugs for the default builds, as shipped with the project
/// (<c>Analysis/History/upstream-history.yaml</c>, embedded). Every entry names its commit and release
/// and where that was read; nothing in it is a guess.
/// </summary>
public sealed class UpstreamHistory(IReadOnlyList<HistoryEntry> entries)
{
    public IReadOnlyList<HistoryEntry> Entries { get; } = entries;

    public static readonly UpstreamHistory Empty = new([]);

    private static readonly Lazy<UpstreamHistory> Shipped = new(() =>
    {
        using var stream = typeof(UpstreamHistory).Assembly.GetManifestResourceStream("upstream-history.yaml")
                           ?? throw new InvalidOperationException("upstream-history.yaml is not embedded");
        return Parse(new StreamReader(stream).ReadToEnd());
    });

    /// <summary>The history the project ships.</summary>
    public static UpstreamHistory Default => Shipped.Value;

    /// <summary>The intended change that explains an atomic difference on a hop between these builds, if any.</summary>
    public HistoryEntry? IntendedChangeFor(AtomicDifference atom, CauseEvidence evidence) =>
        Entries.FirstOrDefault(e => e.Intended
                                    && (e.Accelerator is null || string.Equals(e.Accelerator, evidence.Accelerator, StringComparison.OrdinalIgnoreCase))
                                    && e.ConcernsVendor(evidence.Vendor)
                                    && e.In(evidence.SourceVersion) != e.In(evidence.DestinationVersion)
                                    && e.Subjects.Any(s => s.IsMatch(atom.Subject)));

    /// <summary>
    /// The intended change a failure's detail matches on a hop from a build without the change to one
    /// with it (a destination that now refuses what the source accepted, on purpose), if any.
    /// </summary>
    public HistoryEntry? IntendedRefusalFor(string verdict, string detail, CauseEvidence evidence) =>
        Entries.FirstOrDefault(e => e.Intended && e.Failure is { } failure && failure.IsMatch($"{verdict} | {detail}")
                                    && e.In(evidence.DestinationVersion) && !e.In(evidence.SourceVersion));

    /// <summary>The known bug a difference's subject matches, on a hop where either side carries the bug, if any.</summary>
    public HistoryEntry? KnownBugForSubject(AtomicDifference atom, CauseEvidence evidence) =>
        Entries.FirstOrDefault(e => !e.Intended && e.Subjects.Any(s => s.IsMatch(atom.Subject))
                                    && (e.Accelerator is null || string.Equals(e.Accelerator, evidence.Accelerator, StringComparison.OrdinalIgnoreCase))
                                    && (e.In(evidence.SourceVersion) || e.In(evidence.DestinationVersion)));

    /// <summary>
    /// The known bug a failure's detail (its crash line, refusal, hang or lost memory) matches on a hop whose source carries the
    /// bug and shows what the entry requires, if any.
    /// </summary>
    public HistoryEntry? KnownBugFor(string verdict, string detail, CauseEvidence evidence) =>
        Entries.FirstOrDefault(e => !e.Intended && e.Failure is { } failure && failure.IsMatch($"{verdict} | {detail}")
                                    && (e.Accelerator is null || string.Equals(e.Accelerator, evidence.Accelerator, StringComparison.OrdinalIgnoreCase))
                                    && e.In(evidence.SourceVersion) && e.HoldsFor(evidence));

    public HistoryEntry? Find(string id) => Entries.FirstOrDefault(e => e.Id == id);

    public static UpstreamHistory Parse(string yaml)
    {
        var document = new DeserializerBuilder().WithNamingConvention(HyphenatedNamingConvention.Instance).Build().Deserialize<Document>(yaml);
        return new UpstreamHistory((document.Entries ?? []).Select(e => new HistoryEntry(
            e.Id ?? throw new FormatException("upstream-history: an entry has no id"),
            e.Kind switch { "intended-change" => true, "known-bug" => false, _ => throw new FormatException($"upstream-history {e.Id}: kind must be intended-change or known-bug") },
            e.Commit ?? throw new FormatException($"upstream-history {e.Id}: no commit"),
            e.Title ?? "", e.What ?? "", e.Release is null ? null : QemuVersion.Parse(e.Release))
        {
            Backports = (e.Backports ?? []).Select(QemuVersion.Parse).ToArray(),
            Subjects = (e.Subjects ?? []).Select(s => new Regex(s, RegexOptions.None, TimeSpan.FromSeconds(1))).ToArray(),
            Failure = e.Failure is null ? null : new Regex(e.Failure, RegexOptions.None, TimeSpan.FromSeconds(1)),
            FixedBy = e.FixedBy,
            FixedIn = e.FixedIn is null ? null : QemuVersion.Parse(e.FixedIn),
            Accelerator = e.Accelerator,
            Vendor = e.Vendor,
            Source = e.Source ?? "",
            Requires = e.Requires is null || HistoryEntry.Requirements.ContainsKey(e.Requires) ? e.Requires
                : throw new FormatException($"upstream-history {e.Id}: requires '{e.Requires}' is none of {string.Join(", ", HistoryEntry.Requirements.Keys)}"),
        }).ToArray());
    }

    private sealed class Document
    {
        public List<Entry>? Entries { get; set; }
    }

    private sealed class Entry
    {
        public string? Id { get; set; }
        public string? Kind { get; set; }
        public string? Commit { get; set; }
        public string? Title { get; set; }
        public string? What { get; set; }
        public string? Release { get; set; }
        public List<string>? Backports { get; set; }
        public List<string>? Subjects { get; set; }
        public string? Failure { get; set; }
        public string? FixedBy { get; set; }
        public string? FixedIn { get; set; }
        public string? Accelerator { get; set; }
        public string? Vendor { get; set; }
        public string? Source { get; set; }
        public string? Requires { get; set; }
    }
}
