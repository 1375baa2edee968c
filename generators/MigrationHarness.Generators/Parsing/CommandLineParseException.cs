namespace MigrationHarness.Configs.Parsing;

/// <summary>A pasted QEMU command line the model cannot represent; the message is one line naming the option.</summary>
public sealed class CommandLineParseException(string message) : FormatException(message);
