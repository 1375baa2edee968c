using MigrationHarness.Analysis.Causes;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using MigrationHarness.Model;

namespace MigrationHarness.Analysis.Promises;

/// <summary>
/// What QEMU promises, as data (<c>Analysis/Promises/promises.yaml</c>, embedded): for a (verdict,
/// cause, accelerator, versioned or alias machine type, direction), whether the outcome breaks a
/// promise, why, and where QEMU says so. The first row that covers a question answers it; only a
/// broken promise fails a run.
/// </summary>
public sealed class PromiseTable(IReadOnlyList<PromiseRow> rows)
{
    public IReadOnlyList<PromiseRow> Rows { get; } = rows;

    private static readonly Lazy<PromiseTable> Shipped = new(() =>
    {
        using var stream = typeof(PromiseTable).Assembly.GetManifestResourceStream("promises.yaml")
                           ?? throw new InvalidOperationException("promises.yaml is not embedded");
        return Parse(new StreamReader(stream).ReadToEnd());
    });

    public static PromiseTable Default => Shipped.Value;

    /// <summary>The row that answers <paramref name="question"/>; a table without a catch-all row answers "not promised".</summary>
    public PromiseRow Judge(PromiseQuestion question) =>
        Rows.FirstOrDefault(r => r.Covers(question))
        ?? new PromiseRow("none", [], [], null, null, [], false, "no row of the promise table covers it", "");

    public PromiseRow Judge(string verdict, CauseKind cause, string accelerator, bool versioned, HopDirection direction) =>
        Judge(new PromiseQuestion(verdict, cause.Name(), accelerator, versioned, direction));

    public static PromiseTable Parse(string yaml)
    {
        var document = new DeserializerBuilder().WithNamingConvention(HyphenatedNamingConvention.Instance).Build().Deserialize<Document>(yaml);
        var rows = (document.Rows ?? []).Select(r => new PromiseRow(
            r.Id ?? throw new FormatException("promises: a row has no id"),
            r.Verdict ?? [], r.Cause ?? [], r.Accelerator, r.Machine, r.Direction ?? [],
            r.Breaks ?? throw new FormatException($"promises {r.Id}: 'breaks' must be true or false"),
            r.Why ?? "", r.Source ?? throw new FormatException($"promises {r.Id}: every row names its source"))).ToArray();
        foreach (var row in rows)
        {
            foreach (var cause in row.Causes) CauseKinds.Parse(cause);
            if (row.Machine is not (null or "versioned" or "alias")) throw new FormatException($"promises {row.Id}: machine is versioned or alias");
            if (row.Directions.Any(d => d is not ("forward" or "backward" or "same"))) throw new FormatException($"promises {row.Id}: direction is forward, backward or same");
        }
        return new PromiseTable(rows);
    }

    private sealed class Document
    {
        public List<Row>? Rows { get; set; }
    }

    private sealed class Row
    {
        public string? Id { get; set; }
        public List<string>? Verdict { get; set; }
        public List<string>? Cause { get; set; }
        public string? Accelerator { get; set; }
        public string? Machine { get; set; }
        public List<string>? Direction { get; set; }
        public bool? Breaks { get; set; }
        public string? Why { get; set; }
        public string? Source { get; set; }
    }
}
