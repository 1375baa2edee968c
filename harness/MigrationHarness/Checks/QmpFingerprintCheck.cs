using MigrationHarness.Abi;
using MigrationHarness.Model;

namespace MigrationHarness.Checks;

/// <summary>
/// What QMP says the guest's machine is (machine type, CPU identity and feature words, per-vCPU
/// topology and NUMA node, memory devices and backends), on the first source and on every
/// destination before it runs. What each host filtered is shown beside a drift, never a drift itself.
/// </summary>
public sealed class QmpFingerprintCheck : Check<FingerprintReading>
{
    public override string Name => "qmp-fingerprint";
    public override CheckMoment SourceMoment => CheckMoment.FirstSourceReady;
    public override CheckMoment DestinationMoment => CheckMoment.DestinationPaused;

    protected override async Task<FingerprintReading> ReadSideAsync(CheckTarget target, CancellationToken cancellationToken)
    {
        return new FingerprintReading(await AbiFingerprintReader.ReadAsync(target.Instance.Qmp, cancellationToken, target.ReadCpuProperties, target.CpuPropertyNames));
    }

    protected override CheckResult Compare(FingerprintReading a, FingerprintReading b)
    {
        var differences = a.Fingerprint.DiffersFrom(b.Fingerprint);
        var cpu = new CpuEvidence(a.Fingerprint.FilteredFeatures, b.Fingerprint.FilteredFeatures, a.Fingerprint.Aspects.GetValueOrDefault("cpu vendor"),
            PropertyDifferences(a.Fingerprint.CpuProperties, b.Fingerprint.CpuProperties));
        if (differences.Count == 0) return CheckResult.Pass(Name, $"{a.Fingerprint.Aspects.Count} aspects equal") with { Cpu = cpu };
        var evidence = a.Fingerprint.FilteredFeatures.SequenceEqual(b.Fingerprint.FilteredFeatures)
            ? [$"host filtered on both sides: {Names(a.Fingerprint.FilteredFeatures)}"]
            : new[] { $"host filtered on the source: {Names(a.Fingerprint.FilteredFeatures)}", $"host filtered on the destination: {Names(b.Fingerprint.FilteredFeatures)}" };
        var decoded = DriftText.Of(differences);
        return new CheckResult(Name, Verdict.AbiDrift, $"{differences.Count} difference(s): {string.Join("; ", decoded.Take(4))}", differences)
        {
            Evidence = [.. decoded, .. evidence, .. cpu.Properties.Select(p => p.ToString())],
            Cpu = cpu,
        };
    }

    /// <summary>
    /// The vCPU properties whose values differ. One only one side has, at an off default (false, 0,
    /// empty), is a newer knob left alone, not a difference in what the machine type configured.
    /// </summary>
    public static IReadOnlyList<PropertyDifference> PropertyDifferences(IReadOnlyDictionary<string, string> source, IReadOnlyDictionary<string, string> destination) =>
        source.Keys.Union(destination.Keys).Order(StringComparer.Ordinal)
            .Where(k => source.GetValueOrDefault(k) != destination.GetValueOrDefault(k))
            .Where(k => !(source.ContainsKey(k) ^ destination.ContainsKey(k)) || (source.GetValueOrDefault(k) ?? destination[k]) is not ("false" or "0" or "" or "off" or "auto"))
            .Select(k => new PropertyDifference(k, source.GetValueOrDefault(k), destination.GetValueOrDefault(k))).ToArray();

    private static string Names(IReadOnlyList<string> features) => features.Count == 0 ? "(none)" : string.Join(' ', features);
}

/// <summary>The QMP fingerprint of one side.</summary>
public sealed record FingerprintReading(AbiFingerprint Fingerprint) : CheckReading;
