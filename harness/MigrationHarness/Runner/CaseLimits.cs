namespace MigrationHarness.Runner;

/// <summary>The time limits that turn silence into a <c>hang</c> verdict.</summary>
public sealed record CaseLimits(TimeSpan Start, TimeSpan Command, TimeSpan Migration, TimeSpan GuestReady, TimeSpan GuestProgress)
{
    public static readonly CaseLimits Default = new(
        Start: TimeSpan.FromSeconds(30), Command: TimeSpan.FromSeconds(15), Migration: TimeSpan.FromSeconds(60),
        GuestReady: TimeSpan.FromSeconds(30), GuestProgress: TimeSpan.FromSeconds(20));
}
