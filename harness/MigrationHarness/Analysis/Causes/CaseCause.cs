namespace MigrationHarness.Analysis.Causes;

/// <summary>
/// One cause a case showed, with every atomic difference it accounts for. <see cref="Key"/> names the
/// cause within its kind (a feature, a property, a history entry, a field, a failure line); kind and
/// key together are the finding's identity. <see cref="Reference"/> is the upstream history entry
/// (commit and release) when one applies.
/// </summary>
public sealed record CaseCause(CauseKind Kind, string Key, string Summary, IReadOnlyList<string> Differences)
{
    public string? Reference { get; init; }

    /// <summary>Whether seeing this breaks a promise QEMU makes (<see cref="Promises.PromiseTable"/>), and the row that says so.</summary>
    public bool Breaks { get; init; }
    public string Promise { get; init; } = "";

    /// <summary>The detail part of a finding identity: the failure's own line, or "cause: key".</summary>
    public string Detail => Kind == CauseKind.Failure ? Key : $"{Kind.Name()}: {Key}";
}
