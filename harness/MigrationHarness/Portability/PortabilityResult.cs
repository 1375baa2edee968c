using MigrationHarness.Configs;

namespace MigrationHarness.Portability;

/// <summary>One config started on both builds of a pair.</summary>
public sealed record PortabilityResult(VmConfig Config, StartResult First, StartResult Second)
{
    public PortabilityClass Class => (First.Started, Second.Started) switch
    {
        (true, true) => PortabilityClass.Portable,
        (false, false) => PortabilityClass.NotApplicable,
        _ => PortabilityClass.AsymmetricRefusal,
    };

    public string Describe() => Class switch
    {
        PortabilityClass.Portable => "starts on both",
        PortabilityClass.NotApplicable => $"refused by both: {First.Build}: {First.Error}; {Second.Build}: {Second.Error}",
        _ => First.Started ? $"{Second.Build} refuses what {First.Build} starts: {Second.Error}" : $"{First.Build} refuses what {Second.Build} starts: {First.Error}",
    };
}
