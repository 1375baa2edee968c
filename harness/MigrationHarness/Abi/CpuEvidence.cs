namespace MigrationHarness.Abi;

/// <summary>
/// What QMP said about the vCPU on both sides of a hop, beside the differences: what each side's
/// accelerator filtered from the model, the vendor, and the vCPU's QOM properties that differ (the
/// compat properties a machine type sets). Causes are attributed from it; it is never a drift itself.
/// </summary>
public sealed record CpuEvidence(IReadOnlyList<string> SourceFiltered, IReadOnlyList<string> DestinationFiltered, string? Vendor,
    IReadOnlyList<PropertyDifference> Properties)
{
    public static readonly CpuEvidence None = new([], [], null, []);
}
