namespace MigrationHarness.Findings.Vmstate;

/// <summary>
/// The static difference between two builds' vmstate, section by section, with the rules QEMU's
/// loader applies: a stream version above the receiver's version or below its minimum is refused;
/// at a given version, sender and receiver must agree on the fields sent (names, wire sizes,
/// struct layouts); a subsection the receiver does not know is refused when it is sent; a
/// section the receiver does not know at all is refused when the VM has that device.
/// </summary>
public static class VmstateComparison
{
    public static IReadOnlyList<VmstateDifference> Between(VmstateDump older, VmstateDump newer)
    {
        var differences = new List<VmstateDifference>();
        foreach (var name in older.Sections.Keys.Union(newer.Sections.Keys).Order(StringComparer.Ordinal))
        {
            var o = older.Sections.GetValueOrDefault(name);
            var n = newer.Sections.GetValueOrDefault(name);
            if (o is null) differences.Add(new(name, name, "section only in the newer build", VmstateImpact.None, VmstateImpact.WhenSent));
            else if (n is null) differences.Add(new(name, name, "section only in the older build", VmstateImpact.WhenSent, VmstateImpact.None));
            else Compare(name, name, o, n, differences);
        }
        return differences;
    }

    private static void Compare(string section, string path, VmstateDescription o, VmstateDescription n, List<VmstateDifference> differences)
    {
        if (o.Version != n.Version || o.MinimumVersion != n.MinimumVersion)
            differences.Add(new(section, path, $"version {o.Version} (min {o.MinimumVersion}) → {n.Version} (min {n.MinimumVersion})",
                Accepts(n, o.Version) ? VmstateImpact.None : VmstateImpact.Breaks, Accepts(o, n.Version) ? VmstateImpact.None : VmstateImpact.Breaks));

        // Each direction: the fields the sender puts on the wire at its version, against what the receiver reads at that version.
        // A receiver that refuses the sender's version never reads its fields: the version difference says it all.
        var forward = Accepts(n, o.Version) ? Layout(o, n, o.Version) : FieldLayout.Unread(o.Version);
        var backward = Accepts(o, n.Version) ? Layout(n, o, n.Version) : FieldLayout.Unread(n.Version);
        if (forward.Impact != VmstateImpact.None || backward.Impact != VmstateImpact.None)
            differences.Add(new(section, path, string.Join("; ", new[] { forward.Describe("older → newer"), backward.Describe("newer → older") }.Where(t => t.Length > 0)),
                forward.Impact, backward.Impact));
        else if (forward.Renamed.Count > 0)
            differences.Add(new(section, path, forward.Describe("fields"), VmstateImpact.None, VmstateImpact.None));

        foreach (var (field, i) in o.Fields.Select((f, i) => (f, i)))
            if (field.Struct is { } os && n.Fields.ElementAtOrDefault(i) is { Struct: { } ns } other && other.Name == field.Name)
                Compare(section, $"{path}.{field.Name}", os, ns, differences);

        foreach (var name in o.Subsections.Select(s => s.Name).Union(n.Subsections.Select(s => s.Name)).Order(StringComparer.Ordinal))
        {
            var os = o.Subsections.FirstOrDefault(s => s.Name == name);
            var ns = n.Subsections.FirstOrDefault(s => s.Name == name);
            if (os is null) differences.Add(new(section, $"{path}/{name}", "subsection only in the newer build", VmstateImpact.None, VmstateImpact.WhenSent));
            else if (ns is null) differences.Add(new(section, $"{path}/{name}", "subsection only in the older build", VmstateImpact.WhenSent, VmstateImpact.None));
            else Compare(section, $"{path}/{name}", os, ns, differences);
        }
    }

    private static bool Accepts(VmstateDescription receiver, int streamVersion) =>
        streamVersion <= receiver.Version && streamVersion >= receiver.MinimumVersion;

    /// <summary>
    /// The wire layout of the fields sent at <paramref name="version"/>, sender against receiver, by
    /// position (names are not on the wire: a renamed field of the same size loads). Struct fields are
    /// compared through their own descriptions; element counts only when both dumps give them.
    /// </summary>
    private static FieldLayout Layout(VmstateDescription sender, VmstateDescription receiver, int version)
    {
        // Conditional fields depend on device state no dump shows: compared apart, as breaking only when sent.
        // A field conditional on either side is conditional for the pair (the test may always pass).
        var conditionalNames = sender.Fields.Concat(receiver.Fields).Where(f => f.Conditional).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var sent = sender.Fields.Where(f => f.Version <= version && !conditionalNames.Contains(f.Name)).ToArray();
        var read = receiver.Fields.Where(f => f.Version <= version && !conditionalNames.Contains(f.Name)).ToArray();
        var conditional = sender.Fields.Where(f => f.Version <= version && conditionalNames.Contains(f.Name))
            .Where(f => receiver.Fields.FirstOrDefault(r => r.Name == f.Name) is not { } r || r.Conditional != f.Conditional)
            .Select(f => f.Name).ToArray();
        var problems = new List<string>();
        var renamed = new List<string>();
        var withCount = sent.Concat(read).All(f => f.Struct is not null || f.Count is not null);
        foreach (var (a, b) in sent.Zip(read))
        {
            if (a.Name != b.Name) renamed.Add($"{a.Name} → {b.Name}");
            if ((a.Struct is null) != (b.Struct is null)) problems.Add($"{a.Name}: a struct on one side only");
            else if (a.Struct is null && a.WireSize(withCount) != b.WireSize(withCount)) problems.Add($"{a.Name} {a.WireSize(withCount)} → {b.WireSize(withCount)} bytes");
        }
        if (sent.Length > read.Length) problems.Add("sends " + string.Join(", ", sent.Skip(read.Length).Select(f => f.Name)) + " that the receiver does not read");
        if (read.Length > sent.Length) problems.Add("receiver reads " + string.Join(", ", read.Skip(sent.Length).Select(f => f.Name)) + " that is not sent");
        return new FieldLayout(version, problems, renamed) { WhenSent = conditional };
    }

    private sealed record FieldLayout(int Version, IReadOnlyList<string> Problems, IReadOnlyList<string> Renamed)
    {
        /// <summary>Conditional fields the sender may send that the receiver does not know.</summary>
        public IReadOnlyList<string> WhenSent { get; init; } = [];

        public static FieldLayout Unread(int version) => new(version, [], []);

        public bool Breaks => Problems.Count > 0;

        public string Describe(string direction) =>
            Problems.Count == 0 && Renamed.Count == 0 && WhenSent.Count == 0 ? ""
            : $"{direction} at version {Version}: " + string.Join(", ", Problems.Concat(WhenSent.Select(f => $"conditional {f} unknown to the receiver or unconditional there"))
                .Concat(Renamed.Select(r => $"renamed {r} (loads)")));

        public VmstateImpact Impact => Problems.Count > 0 ? VmstateImpact.Breaks : WhenSent.Count > 0 ? VmstateImpact.WhenSent : VmstateImpact.None;
    }
}
