using System.Text.RegularExpressions;
using MigrationHarness.Configs;

namespace MigrationHarness.Analysis.History;

/// <summary>
/// One entry of the upstream history the project ships (<c>upstream-history.yaml</c>): a change QEMU
/// made on purpose (<see cref="Intended"/>) or a known bug, with the commit and release that made
/// (or fixed) it and what it changes. An intended change explains an atomic difference whose subject
/// matches <see cref="Subjects"/> on a hop whose two builds fall on either side of the change; a bug
/// labels a finding whose detail matches <see cref="Failure"/>.
/// </summary>
public sealed record HistoryEntry(string Id, bool Intended, string Commit, string Title, string What, QemuVersion? Release)
{
    /// <summary>Stable releases of earlier series that carry the change too (e.g. 10.0.4 for a 10.1 change).</summary>
    public IReadOnlyList<QemuVersion> Backports { get; init; } = [];

    public IReadOnlyList<Regex> Subjects { get; init; } = [];

    public Regex? Failure { get; init; }

    /// <summary>For a bug: the commit and release that fixed it, if upstream fixed it.</summary>
    public string? FixedBy { get; init; }
    public QemuVersion? FixedIn { get; init; }

    /// <summary>Only for this CPU vendor ("GenuineIntel", "AuthenticAMD"), every vendor but one ("!AuthenticAMD"), or null for any.</summary>
    public string? Vendor { get; init; }

    /// <summary>Whether the entry concerns a guest whose CPU reports <paramref name="vendor"/> (unknown matches only an entry for any vendor).</summary>
    public bool ConcernsVendor(string? vendor) =>
        Vendor is null || (Vendor.StartsWith('!') ? vendor is not null && vendor != Vendor[1..] : vendor == Vendor);

    /// <summary>Only under this accelerator ("tcg", "kvm"), or null for any.</summary>
    public string? Accelerator { get; init; }

    /// <summary>
    /// What the hop must show besides the failure line for the entry to explain it (<see cref="Requirements"/>), or null.
    /// A failure line shared with other causes (lost guest memory) is labelled only where the bug can act.
    /// </summary>
    public string? Requires { get; init; }

    /// <summary>The requirements an entry may name, each over what QEMU was run with on the hop.</summary>
    public static readonly IReadOnlyDictionary<string, Func<Differences.CauseEvidence, bool>> Requirements =
        new Dictionary<string, Func<Differences.CauseEvidence, bool>>(StringComparer.Ordinal)
        {
            // A block other than the first exists only with several blocks of guest RAM.
            ["several-ram-blocks"] = evidence => evidence.RamBlocks >= 2,
        };

    /// <summary>Whether the hop shows what <see cref="Requires"/> names (always, when it names nothing).</summary>
    public bool HoldsFor(Differences.CauseEvidence evidence) => Requires is null || Requirements[Requires](evidence);

    /// <summary>Where the facts were read.</summary>
    public string Source { get; init; } = "";

    /// <summary>Whether a build of <paramref name="version"/> carries the change (a bug: has it, and not yet its fix). An unknown release counts as every build before the fix.</summary>
    public bool In(QemuVersion version) =>
        (Release is null || version >= Release || Backports.Any(b => b.Major == version.Major && b.Minor == version.Minor && version.Micro >= b.Micro))
        && (FixedIn is null || version < FixedIn);

    /// <summary>A reference a maintainer can follow: "88dd4ca06c83 (9.1.0)".</summary>
    public string Reference => $"{Commit} ({(Release is null ? "release not established" : Release.ToString())}{(Backports.Count > 0 ? ", " + string.Join(", ", Backports) : "")})";

    /// <summary>How a report labels a finding this entry names.</summary>
    public string Label => Intended ? $"intended upstream change {Reference}: {Title}"
        : FixedIn is { } fixedIn ? $"known bug, fixed in {fixedIn} by {FixedBy}: {Title}"
        : $"known bug, unfixed upstream as far as the history read shows (introduced by {Reference}): {Title}";
}
