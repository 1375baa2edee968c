using System.Text.RegularExpressions;

namespace MigrationHarness.Findings;

/// <summary>
/// One entry of a known-findings baseline: a finding already triaged, named by its id, its exact
/// identity, or a pattern over "verdict | detail"; with why it is known (note, link) and until when
/// (an expired entry no longer hides its finding, so a baseline cannot silently go stale).
/// </summary>
public sealed record KnownFinding(string? Id, string? Signature, Regex? Pattern, string? Note, string? Link, DateOnly? Expires, int Line)
{
    public bool Matches(Finding finding) =>
        (Id is not null && string.Equals(Id, finding.Id, StringComparison.OrdinalIgnoreCase))
        || (Signature is not null && Signature == finding.Identity)
        || (Pattern is not null && Pattern.IsMatch(finding.Identity));

    public bool ExpiredOn(DateOnly today) => Expires is { } until && until < today;

    /// <summary>How the entry names its finding, for messages.</summary>
    public string Describe() => Id ?? Signature ?? $"/{Pattern}/";
}
