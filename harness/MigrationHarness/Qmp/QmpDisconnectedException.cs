namespace MigrationHarness.Qmp;

/// <summary>The QMP connection closed: every pending command fails with this, and so does every later one.</summary>
public sealed class QmpDisconnectedException(string message, Exception? inner = null) : QmpException(message, inner);
