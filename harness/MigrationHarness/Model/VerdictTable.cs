using System.Collections.Immutable;

namespace MigrationHarness.Model;

/// <summary>The one table of verdicts that the oracle, tiers, reports, progress and <c>repro.sh</c> read.</summary>
public static class VerdictTable
{
    public static readonly ImmutableArray<VerdictInfo> All =
    [
        new(Verdict.Pass, "pass", 0, "#c8ecc8", "green", IsBroken: false),
        new(Verdict.NotApplicable, "not-applicable", 1, "#eeeeee", "grey", IsBroken: false),
        new(Verdict.CleanReject, "clean-reject", 2, "#fff2b3", "yellow", IsBroken: false) { Urgency = 2 },
        new(Verdict.InfraError, "infra-error", 3, "#d9d9f5", "blue", IsBroken: false),
        new(Verdict.AbiDrift, "abi-drift", 4, "#ffc2a6", "darkorange", IsBroken: true) { Urgency = 1 },
        new(Verdict.DataLoss, "data-loss", 5, "#ffc2a6", "red", IsBroken: true) { Urgency = 5 },
        new(Verdict.Hang, "hang", 6, "#ff8a80", "red", IsBroken: true) { Urgency = 3 },
        new(Verdict.Crash, "crash", 7, "#ff8a80", "red", IsBroken: true) { Urgency = 4 },
    ];

    private static readonly ImmutableDictionary<Verdict, VerdictInfo> ByVerdict = All.ToImmutableDictionary(v => v.Verdict);
    private static readonly ImmutableDictionary<string, VerdictInfo> ByName = All.ToImmutableDictionary(v => v.Name, StringComparer.Ordinal);

    public static VerdictInfo Info(this Verdict verdict) => ByVerdict[verdict];

    /// <summary>The entry for a verdict's file name; an unknown name (a newer or hand-edited file) reads as a broken verdict of its own.</summary>
    public static VerdictInfo Info(string name) =>
        ByName.TryGetValue(name, out var info) ? info : new VerdictInfo((Verdict)(-1), name, 8, "#ff8a80", "red", IsBroken: true);

    /// <summary>The verdict a file names (<c>"abi-drift"</c>), or null for none or a name this version does not know.</summary>
    public static Verdict? Parse(string? name) => name is not null && ByName.TryGetValue(name, out var info) ? info.Verdict : null;

    public static string Name(this Verdict verdict) => verdict.Info().Name;

    public static bool IsBroken(this Verdict verdict) => verdict.Info().IsBroken;

    public static bool IsBroken(string name) => Info(name).IsBroken;

    public static int Severity(string name) => Info(name).Severity;
}
