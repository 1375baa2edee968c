namespace MigrationHarness.Configs.Validation;

/// <summary>One broken rule. Critical errors stop a run before any container starts.</summary>
public sealed record ValidationError(bool IsCritical, string Message)
{
    public static ValidationError Critical(string message) => new(true, message);
    public override string ToString() => Message;
}
