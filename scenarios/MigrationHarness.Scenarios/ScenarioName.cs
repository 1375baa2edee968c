namespace MigrationHarness.Scenarios;

/// <summary>
/// A scenario's name in its parts, KIND[/SPELLING]/MODE ("forward/pinned-cpu/running"), parsed in this one
/// place: records keep the text, and whatever groups or filters cases by scenario reads the parts here.
/// </summary>
public sealed record ScenarioName(string Kind, string? Spelling, GuestMode Mode)
{
    /// <summary>The name without its guest mode: "forward/pinned-cpu".</summary>
    public string Family => Spelling is null ? Kind : $"{Kind}/{Spelling}";

    /// <summary>The mode as its name ends: "paused" or "running".</summary>
    public string ModeName => Mode == GuestMode.Running ? "running" : "paused";

    public override string ToString() => $"{Family}/{ModeName}";

    public static ScenarioName Parse(string name)
    {
        var parts = name.Split('/');
        var mode = parts[^1] switch
        {
            "paused" => GuestMode.Paused,
            "running" => GuestMode.Running,
            _ => throw new FormatException($"scenario '{name}' must end in /paused or /running"),
        };
        return parts.Length switch
        {
            2 => new ScenarioName(parts[0], null, mode),
            3 => new ScenarioName(parts[0], parts[1], mode),
            _ => throw new FormatException($"scenario '{name}' is not KIND[/SPELLING]/MODE"),
        };
    }
}
