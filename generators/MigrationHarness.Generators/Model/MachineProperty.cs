namespace MigrationHarness.Configs;

/// <summary>A <c>-machine</c> property that changes what the guest sees or what migrates (<c>smm=off</c>), kept as written.</summary>
public sealed record MachineProperty(string Name, string Value)
{
    public override string ToString() => $"{Name}={Value}";
}
