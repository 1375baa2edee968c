using MigrationHarness.Analysis.History;
using MigrationHarness.Model;
using MigrationHarness.Analysis.Differences;

namespace MigrationHarness.Analysis.Causes;

/// <summary>
/// Attributes each atomic difference of a drifted hop to a cause, from what QEMU reported on both
/// builds (same host, same accelerator), in this order: the CPU mode the guest read it in; the
/// accelerator that cannot give a feature (it is in that side's <c>filtered-features</c>); a
/// consequence of either (XSAVE sizes, leaf maxima, XCR0, CR4, a feature's MSR); an intended change
/// of the shipped upstream history; a vCPU QOM property that differs for the same machine type
/// (and what it drives); a consequence of any cause found so far; migrated register state that
/// arrived different; and what nothing explains. Pure: the same differences and evidence always
/// give the same causes, in the same order.
/// </summary>
public static class CauseAttribution
{
    public static IReadOnlyList<CaseCause> Attribute(IReadOnlyList<AtomicDifference> atoms, CauseEvidence evidence, UpstreamHistory history)
    {
        var causes = new Dictionary<(CauseKind Kind, string Key), Pending>();
        Pending Add(CauseKind kind, string key, string summary, string? reference = null, bool replace = false)
        {
            if (!causes.TryGetValue((kind, key), out var pending)) causes[(kind, key)] = pending = new Pending(kind, key, summary, reference);
            else if (replace) pending.Summary = summary;
            return pending;
        }

        Pending AddProperty(Abi.PropertyDifference property) =>
            Add(CauseKind.MachineTypeCompat, CompatKey(property.Name), property is { Source: null, Destination: null }
                ? $"the vCPU's QOM property {property.Name} differs for the same machine type"
                : $"the vCPU's QOM property {property.Name} differs for the same machine type: " +
                  $"{property.Source ?? "(absent)"} on {evidence.SourceBuild}, {property.Destination ?? "(absent)"} on {evidence.DestinationBuild}");

        var rest = new List<AtomicDifference>();
        foreach (var atom in atoms)
        {
            if (ModeDependentBits.Explains(atom, evidence) is { } mode)
                Add(CauseKind.CpuMode, atom.Feature!, mode.Why, mode.Reference).Take(atom);
            else if (atom.Feature is { } feature && Lacking(atom, evidence) is { } lacking)
                Add(CauseKind.AcceleratorCapability, feature,
                    $"{lacking.Build}'s {evidence.Accelerator.ToUpperInvariant()} cannot give {feature} (it is in that side's filtered-features); {lacking.Other}'s can").Take(atom);
            else rest.Add(atom);
        }
        rest = AttachDerived(rest, causes.Values.Where(c => c.Kind is CauseKind.CpuMode or CauseKind.AcceleratorCapability).ToArray());

        // A side whose accelerator filtered a feature may still answer that feature's own leaf (XSAVE components follow the
        // model, not what the accelerator gave; so may the LBR, PT, SGX and AMX leaves): the leaf then differs though the feature does not.
        foreach (var atom in rest.Where(a => a.Feature is null).ToArray())
        {
            // An intended upstream change that names the leaf explains it better than the filtering does.
            if (history.IntendedChangeFor(atom, evidence) is not null) continue;
            if (FeatureLeaves.OwnerFiltered(atom, evidence) is not { } owner) continue;
            var side = evidence.SourceFiltered.Contains(owner.Feature) ? evidence.SourceBuild : evidence.DestinationBuild;
            Add(CauseKind.AcceleratorCapability, $"{owner.Feature} {owner.What}",
                $"{side}'s {evidence.Accelerator.ToUpperInvariant()} filtered {owner.Feature}, and its {owner.What} differs between the builds").Take(atom);
            rest.Remove(atom);
        }

        // The CPU properties QMP shows as aspects ("cpu model") are QOM properties too: what they drive goes with them.
        var properties = evidence.CpuProperties.Concat(rest.Where(a => a.CpuProperty is not null)
            .Select(a => new Abi.PropertyDifference(a.CpuProperty!, null, null))).ToArray();
        var unattributed = new List<AtomicDifference>();
        foreach (var atom in rest)
        {
            if (history.IntendedChangeFor(atom, evidence) is { } change)
                Add(CauseKind.IntendedChange, change.Id, $"{change.Title} ({change.Reference}): {change.What}", change.Id).Take(atom);
            else if (atom.CpuProperty is null && properties.FirstOrDefault(p => CompatPropertyMap.DrivenBy(atom, p.Name)) is { } property)
                AddProperty(property).Take(atom);
            else if (atom.CpuProperty is { } maximum && AutoLevelDriving(maximum, properties) is { } autoLevel)
                AddProperty(autoLevel).Take(atom);
            else if (atom.CpuProperty is { } name)
                Add(CauseKind.MachineTypeCompat, CompatKey(name), $"the vCPU's QOM property {name} differs for the same machine type: {atom.Detail}", null, replace: true).Take(atom);
            else unattributed.Add(atom);
        }
        unattributed = AttachDerived(unattributed, causes.Values.ToArray());

        // A leaf that appeared or went goes with the maximum word of its leaf that says how far the guest enumerates it.
        var maxima = unattributed.Where(a => a.Leaf is { } l && a.Subleaf == 0 && a.Register == Configs.Cpu.CpuidRegister.Eax && a.Feature is null
                                             && !a.Subject.StartsWith("CPUID leaf ", StringComparison.Ordinal) && DerivedValues.IsDerived(a)).ToArray();
        foreach (var atom in unattributed.Where(a => a.Subject.StartsWith("CPUID leaf ", StringComparison.Ordinal)).ToArray())
        {
            if (maxima.FirstOrDefault(m => m.Leaf == atom.Leaf) is not { } maximum) continue;
            Add(CauseKind.Unexplained, maximum.Subject, maximum.Detail).Take(atom);
            unattributed.Remove(atom);
        }

        // Leaf 80000000H's other words follow the extended maximum (QEMU answers a leaf above it as the highest basic leaf):
        // they go with whatever explains the maximum, or with the maximum itself.
        foreach (var atom in unattributed.Where(a => a.Leaf == 0x80000000 && !IsExtendedMaximum(a)).ToArray())
        {
            if (causes.Values.FirstOrDefault(c => c.Atoms.Any(IsExtendedMaximum)) is { } owner) owner.Take(atom);
            else if (unattributed.FirstOrDefault(IsExtendedMaximum) is { } maximum) Add(CauseKind.Unexplained, maximum.Subject, maximum.Detail).Take(atom);
            else continue;
            unattributed.Remove(atom);
        }

        foreach (var atom in unattributed)
        {
            if (atom.ValueOnly && atom.GuestRegister is { } register && !register.StartsWith("pci ", StringComparison.Ordinal))
                Add(CauseKind.DeviceState, atom.Subject, $"{register} arrived with a different value: migrated state differs").Take(atom);
            else
            {
                // Still unexplained, and still breaking what it breaks; a known bug of the history labels it, and is its one cause.
                var bug = history.KnownBugForSubject(atom, evidence);
                Add(CauseKind.Unexplained, bug?.Id ?? atom.Subject, bug is null ? atom.Detail : $"{bug.Title}: {bug.What}", bug?.Id).Take(atom);
            }
        }
        return causes.Values.OrderBy(c => c.Kind).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.ToCause()).ToArray();
    }

    /// <summary>
    /// The finding a vCPU property belongs to: family, model and stepping are one identity (CPUID.01H:EAX
    /// holds all three, and compat tables set them together); a range's maximum and its automatic floor
    /// are one value (QEMU sets <c>xlevel</c> from <c>min-xlevel</c> when it is not given, and reads the
    /// result back as <c>xlevel</c>); any other property is its own.
    /// </summary>
    public static string CompatKey(string property) => property switch
    {
        "family" or "model" or "stepping" => "cpu.family/model/stepping",
        "min-level" => "cpu.level",
        "min-xlevel" => "cpu.xlevel",
        "min-xlevel2" => "cpu.xlevel2",
        _ => $"cpu.{property}",
    };

    /// <summary>
    /// The <c>full-cpuid-auto-level</c> difference that explains a leaf maximum's property (<c>level</c>, <c>xlevel</c>,
    /// <c>xlevel2</c> or their floors), when it differs with values read on the sides: it decides whether QEMU raises the
    /// floors to what the enabled features need, and a maximum not given follows its floor. The maxima and the CPUID words
    /// they bound are then one cause, not one per maximum (QMP shows <c>level</c> and <c>xlevel</c> as aspects of their own).
    /// </summary>
    private static Abi.PropertyDifference? AutoLevelDriving(string property, IEnumerable<Abi.PropertyDifference> properties) =>
        property is "level" or "min-level" or "xlevel" or "min-xlevel" or "xlevel2" or "min-xlevel2"
            ? properties.FirstOrDefault(p => p.Name == "full-cpuid-auto-level" && (p.Source ?? p.Destination) is not null)
            : null;

    private static bool IsExtendedMaximum(AtomicDifference a) => a.Leaf == 0x80000000 && a.Register == Configs.Cpu.CpuidRegister.Eax;

    /// <summary>Gives each derived difference to the first cause (in order) one of whose features drives it; returns the rest.</summary>
    private static List<AtomicDifference> AttachDerived(List<AtomicDifference> atoms, IReadOnlyList<Pending> drivers)
    {
        var rest = new List<AtomicDifference>();
        foreach (var atom in atoms)
        {
            var driver = DerivedValues.IsDerived(atom)
                ? drivers.OrderBy(d => d.Kind).ThenBy(d => d.Key, StringComparer.Ordinal).FirstOrDefault(d => d.Features.Any(f => DerivedValues.DrivenBy(atom, f)))
                : null;
            if (driver is null) rest.Add(atom);
            else driver.Take(atom);
        }
        return rest;
    }

    /// <summary>The side that lacks a feature because its accelerator filtered it (and the other side did not), or null.</summary>
    private static (string Build, string Other)? Lacking(AtomicDifference atom, CauseEvidence evidence)
    {
        var (lackingFiltered, lacking, other, otherFiltered) = atom.Gained
            ? (evidence.SourceFiltered, evidence.SourceBuild, evidence.DestinationBuild, evidence.DestinationFiltered)
            : (evidence.DestinationFiltered, evidence.DestinationBuild, evidence.SourceBuild, evidence.SourceFiltered);
        return lackingFiltered.Contains(atom.Feature!) && !otherFiltered.Contains(atom.Feature!) ? (lacking, other) : null;
    }

    private sealed class Pending(CauseKind kind, string key, string summary, string? reference)
    {
        /// <summary>The property's own difference says it best, once it is seen.</summary>
        public string Summary { get; set; } = summary;

        public CauseKind Kind => kind;
        public string Key => key;
        public List<AtomicDifference> Atoms { get; } = [];
        public IEnumerable<string> Features => Atoms.Select(a => a.Feature).OfType<string>();

        public void Take(AtomicDifference atom) => Atoms.Add(atom);

        public CaseCause ToCause() => new(kind, key, Summary, Atoms.Select(a => a.ToString()).Take(24).ToArray()) { Reference = reference };
    }
}
