using FsCheck;
using FsCheck.Fluent;
using MigrationHarness.Configs.Capabilities;

namespace MigrationHarness.Configs.Generation;

public static partial class VmConfigGen
{
    private static readonly FeaturePolicy[] FreePolicies = [FeaturePolicy.Optional, FeaturePolicy.Disable, FeaturePolicy.Forbid, FeaturePolicy.Force];

    /// <summary>
    /// A CPU model known to every build, and features with policies. Most of the time the model's
    /// features this host cannot give are disabled explicitly (what a host-compatible CPU
    /// definition does); otherwise QEMU filters them itself, which every build must do alike.
    /// Features QEMU cannot filter (MSR-based ones KVM refuses at start) are always disabled.
    /// </summary>
    private static Gen<CpuSpec> Cpu(ConfigSpace space, int size)
    {
        if (space.CpuModels.Count == 0) return Gen.Constant(CpuSpec.Qemu64);
        var models = space.CpuModels.Contains("qemu64")
            ? Gen.Frequency<string>((1, Gen.Constant("qemu64")), (4, Gen.Elements(space.CpuModels.ToArray())))
            : Gen.Elements(space.CpuModels.ToArray());
        var maxExtra = Math.Min(space.Limits.MaxExtraFeatures, size * space.Limits.MaxExtraFeatures / MaxSize);
        return from model in models
               let unavailable = space.UnavailableFeatures(model).Order(StringComparer.Ordinal).ToArray()
               let unfiltered = space.UnfilteredMissingFeatures(model)
               from disableUnavailable in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
               let fixedFeatures = unavailable.Where(f => disableUnavailable || unfiltered.Contains(f)).Select(f => new CpuFeature(f, FeaturePolicy.Disable)).ToArray()
               let candidates = space.Features.Where(f => !unavailable.Contains(f)).ToArray()
               from count in Gen.Choose(0, Math.Min(maxExtra, candidates.Length))
               from chosen in Gen.Shuffle(candidates).Select(s => s.Take(count).ToArray())
               from extra in Gen.CollectToArray(chosen, name => FeaturePolicyFor(space, name).Select(p => new CpuFeature(name, p)))
               select new CpuSpec(model, fixedFeatures.Concat(extra).ToValueList());
    }

    private static Gen<FeaturePolicy> FeaturePolicyFor(ConfigSpace space, string feature) =>
        space.HostFeatures.Contains(feature)
            ? Gen.Frequency((3, Gen.Constant(FeaturePolicy.Require)), (4, Gen.Elements(FreePolicies)))
            : Gen.Elements(FreePolicies);
}
