namespace MigrationHarness.Configs;

/// <summary>An option of a <c>memory-backend-ram</c> object (<c>share=on</c>, <c>prealloc=on</c>), kept as written.</summary>
public sealed record BackendOption(string Name, string Value)
{
    public override string ToString() => $"{Name}={Value}";
}
