namespace MigrationHarness.Qmp;

/// <summary>QEMU answered a command with an error reply: its class (e.g. <c>GenericError</c>) and description.</summary>
public sealed class QmpCommandException(string command, string errorClass, string description)
    : QmpException($"QMP '{command}' failed: {errorClass}: {description}")
{
    public string Command { get; } = command;
    public string ErrorClass { get; } = errorClass;
    public string Description { get; } = description;
}
