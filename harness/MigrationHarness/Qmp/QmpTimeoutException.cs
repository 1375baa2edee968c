namespace MigrationHarness.Qmp;

/// <summary>QEMU did not answer a command (or emit an awaited event) within the time allowed. A hang signal, not a cancellation.</summary>
public sealed class QmpTimeoutException(string what, TimeSpan timeout)
    : QmpException($"QEMU did not answer {what} within {timeout.TotalSeconds:0.###} s.")
{
    public TimeSpan Timeout { get; } = timeout;
}
