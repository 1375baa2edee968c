namespace MigrationHarness.Qmp;

/// <summary>The peer sent something that is not QMP (no greeting, malformed JSON, a reply without an id).</summary>
public sealed class QmpProtocolException(string message, Exception? inner = null) : QmpException(message, inner);
