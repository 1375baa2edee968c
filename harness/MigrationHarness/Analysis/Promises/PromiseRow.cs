using MigrationHarness.Model;

namespace MigrationHarness.Analysis.Promises;

/// <summary>
/// One row of the promise table: the situations it covers (null or empty means any) and whether QEMU
/// promises that such an outcome does not happen there, so seeing it breaks a promise.
/// </summary>
public sealed record PromiseRow(string Id, IReadOnlyList<string> Verdicts, IReadOnlyList<string> Causes, string? Accelerator, string? Machine,
    IReadOnlyList<string> Directions, bool Breaks, string Why, string Source)
{
    public bool Covers(PromiseQuestion q) =>
        (Verdicts.Count == 0 || Verdicts.Contains(q.Verdict))
        && (Causes.Count == 0 || Causes.Contains(q.Cause))
        && (Accelerator is null || Accelerator == q.Accelerator)
        && (Machine is null || Machine == (q.Versioned ? "versioned" : "alias"))
        && (Directions.Count == 0 || Directions.Contains(q.Direction.Name()));
}

/// <summary>The situation a promise is asked about: a verdict, its cause, the accelerator, the machine type and the hop's direction.</summary>
public sealed record PromiseQuestion(string Verdict, string Cause, string Accelerator, bool Versioned, HopDirection Direction);
