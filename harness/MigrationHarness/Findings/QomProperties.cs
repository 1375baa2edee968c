using System.Text.Json;
using MigrationHarness.Qmp;

namespace MigrationHarness.Findings;

/// <summary>
/// The scalar QOM properties of an object as a running QEMU reports them (<c>qom-list</c>, then
/// <c>qom-get</c> for each bool, number or string property): for the first vCPU and the machine,
/// what the same command line really configured on a build.
/// </summary>
public static class QomProperties
{
    private static IReadOnlySet<string> Scalar => Abi.AbiFingerprintReader.ScalarTypes;

    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(QmpClient qmp, string path, CancellationToken cancellationToken)
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var list = await qmp.ExecuteAsync("qom-list", new { path }, cancellationToken: cancellationToken);
        foreach (var property in list.EnumerateArray())
        {
            var name = property.GetProperty("name").GetString()!;
            var type = property.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
            if (!Scalar.Contains(type) && !type.StartsWith("enum", StringComparison.Ordinal) && !IsEnum(type)) continue;
            // The CPUID words are what the drift checks already compare, decoded; a raw list adds nothing.
            if (name is "feature-words" or "filtered-features") continue;
            try
            {
                var value = await qmp.ExecuteAsync("qom-get", new { path, property = name }, cancellationToken: cancellationToken);
                values[name] = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            }
            catch (QmpCommandException)
            {
                // Write-only or unreadable in this state: nothing to compare.
            }
        }
        return values;
    }

    /// <summary>QOM names enum properties by their QAPI type (e.g. "OnOffAuto", "SmbiosEntryPointType"): a capitalised name without '&lt;'.</summary>
    private static bool IsEnum(string type) => type.Length > 0 && char.IsUpper(type[0]) && !type.Contains('<') && !type.EndsWith("List", StringComparison.Ordinal);

    /// <summary>The first vCPU's QOM path.</summary>
    public static async Task<string?> FirstCpuPathAsync(QmpClient qmp, CancellationToken cancellationToken)
    {
        var cpus = await qmp.ExecuteAsync("query-cpus-fast", cancellationToken: cancellationToken);
        return cpus.EnumerateArray().Select(c => c.GetProperty("qom-path").GetString()).FirstOrDefault();
    }

    /// <summary>
    /// The properties whose values differ, by the same rule the QMP fingerprint check applies to a
    /// hop's vCPU (<see cref="Checks.QmpFingerprintCheck.PropertyDifferences"/>): a property only one
    /// build has, at an off default, is a newer knob left alone.
    /// </summary>
    public static IReadOnlyList<QomDifference> Between(string objectName, IReadOnlyDictionary<string, string> older, IReadOnlyDictionary<string, string> newer) =>
        Checks.QmpFingerprintCheck.PropertyDifferences(older, newer).Select(p => new QomDifference(objectName, p.Name, p.Source, p.Destination)).ToArray();

}
