namespace MigrationHarness.Qmp;

/// <summary>One line of a QMP conversation, kept as evidence for verdicts and reproducers.</summary>
public sealed record QmpTranscriptEntry(TimeSpan At, QmpDirection Direction, string Line)
{
    public override string ToString() => $"{At.TotalSeconds,8:0.000} {(Direction == QmpDirection.Sent ? ">>" : "<<")} {Line}";
}

public enum QmpDirection { Sent, Received }
