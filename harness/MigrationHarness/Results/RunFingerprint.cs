namespace MigrationHarness.Results;

/// <summary>
/// Everything that decides which cases a seed gives and how they are judged, besides the seed and
/// the shard: the harness version, each build's image, a hash of the capability space the
/// generator draws from (which includes the host facts that shape it: accelerator, CPU under KVM,
/// memory limits), the scenarios, the pairs and the machine-type filter. Shards merge, a run
/// resumes and a reproducer replays only under the same fingerprint.
/// </summary>
public sealed record RunFingerprint(string HarnessVersion, IReadOnlyList<string> Images, string CapabilitySpace, string HostKey,
    IReadOnlyList<string> Scenarios, IReadOnlyList<string> Pairs, string? MachineFilter)
{
    /// <summary>Whether configs were steered toward uncovered classes (the same seed gives other configs without).</summary>
    public bool Steered { get; init; } = true;

    /// <summary>What differs from <paramref name="other"/>, one short phrase per part ("images: qemu-7.2=sha256:ab… vs qemu-7.2=sha256:cd…").</summary>
    public IReadOnlyList<string> Differences(RunFingerprint other)
    {
        var differences = new List<string>();
        void Compare(string part, string mine, string theirs)
        {
            if (mine != theirs) differences.Add($"{part}: {Short(mine)} vs {Short(theirs)}");
        }
        Compare("harness version", HarnessVersion, other.HarnessVersion);
        Compare("images", string.Join(", ", Images), string.Join(", ", other.Images));
        Compare("capability space", CapabilitySpace, other.CapabilitySpace);
        Compare("host", HostKey, other.HostKey);
        Compare("scenarios", string.Join(", ", Scenarios), string.Join(", ", other.Scenarios));
        Compare("pairs", string.Join(", ", Pairs), string.Join(", ", other.Pairs));
        Compare("machine filter", MachineFilter ?? "(none)", other.MachineFilter ?? "(none)");
        Compare("steering", Steered ? "on" : "off", other.Steered ? "on" : "off");
        return differences;
    }

    private static string Short(string text) => text.Length > 120 ? text[..117] + "…" : text;
}
