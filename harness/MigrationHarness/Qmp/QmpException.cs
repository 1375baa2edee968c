namespace MigrationHarness.Qmp;

/// <summary>Root of QMP failures: a refused command, a lost connection, a peer that stopped answering.</summary>
public class QmpException(string message, Exception? inner = null) : HarnessException(message, inner);
