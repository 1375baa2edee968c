namespace MigrationHarness.Checks;

/// <summary>What a check read from one side; each check has its own kind. <see cref="Evidence"/> lines go into the reproducer.</summary>
public abstract record CheckReading
{
    public IReadOnlyList<string> Evidence { get; init; } = [];
}

/// <summary>A side the check could not read because QEMU refused the question (the error is kept): the sides then differ in what they answer.</summary>
public sealed record UnreadableReading(string Error) : CheckReading;
