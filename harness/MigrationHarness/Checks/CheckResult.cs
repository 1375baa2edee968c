using MigrationHarness.Abi;
using MigrationHarness.Model;

namespace MigrationHarness.Checks;

/// <summary>
/// What one check concluded for one hop: the verdict it implies (pass when the sides agree), a
/// one-line summary, the differences by name, and evidence shown beside them that is not a
/// difference itself (e.g. what each host filtered).
/// </summary>
public sealed record CheckResult(string Check, Verdict Verdict, string Summary, IReadOnlyList<AbiDifference> Differences)
{
    public IReadOnlyList<string> Evidence { get; init; } = [];

    /// <summary>How long reading both sides and comparing took (what <c>mh bench</c> reports per check).</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>What QMP said of the vCPU on both sides (filtered features, vendor, QOM properties that differ), for attributing causes.</summary>
    public CpuEvidence? Cpu { get; init; }

    public bool Passed => Verdict == Verdict.Pass;

    public static CheckResult Pass(string check, string summary) => new(check, Verdict.Pass, summary, []);

    /// <summary>
    /// The results of checks that read together, in the registry's order, up to and including the
    /// first hang: a guest that stopped making progress refreshes nothing the later checks wait
    /// for, so what they saw says nothing more.
    /// </summary>
    public static IReadOnlyList<CheckResult> UpToFirstHang(IReadOnlyList<CheckResult> results)
    {
        for (var i = 0; i < results.Count; i++)
            if (results[i].Verdict == Verdict.Hang) return results.Take(i + 1).ToArray();
        return results;
    }

    /// <summary>The destination refused a question the source answered: what management and the guest can ask differs.</summary>
    public static CheckResult Unreadable(string check, CheckReading source, CheckReading destination) =>
        (source, destination) switch
        {
            // Neither build answers: nothing was compared, and nothing differs.
            (UnreadableReading s, UnreadableReading d) => Pass(check, $"not compared: neither side answers (source: {s.Error}; destination: {d.Error})"),
            (_, UnreadableReading d) => new(check, Verdict.AbiDrift, $"the destination does not answer what the source answered: {d.Error}",
                [new AbiDifference(check, "answered", null, d.Error)]),
            (UnreadableReading s, _) => new(check, Verdict.AbiDrift, $"the source did not answer what the destination answers: {s.Error}",
                [new AbiDifference(check, null, "answered", s.Error)]),
            _ => throw new ArgumentException("neither reading is unreadable"),
        };
}
