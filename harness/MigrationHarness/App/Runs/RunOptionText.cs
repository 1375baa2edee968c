using System.Globalization;
using System.Text.RegularExpressions;
using MigrationHarness.Scenarios;

namespace MigrationHarness.App.Runs;

/// <summary>The option texts a run takes, parsed once each: a bad one is refused in one line naming the option.</summary>
public static class RunOptionText
{
    public static Scenario Scenario(string name)
    {
        try { return Scenarios.Scenario.Parse(name); }
        catch (FormatException ex) { throw new BadInputException("--scenario: " + ex.Message); }
    }

    public static Regex MachinePattern(string pattern)
    {
        try { return new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1)); }
        catch (ArgumentException ex) { throw new BadInputException($"--machine '{pattern}' is not a regular expression: {ex.Message}"); }
    }

    public static TimeSpan Duration(string text)
    {
        var match = Regex.Match(text, @"^(\d+)(s|m|h)$");
        if (!match.Success) throw new BadInputException($"--budget '{text}' is not a duration like 90s, 10m or 2h");
        var value = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        if (value <= 0) throw new BadInputException("--budget must be positive");
        return match.Groups[2].Value switch { "s" => TimeSpan.FromSeconds(value), "m" => TimeSpan.FromMinutes(value), _ => TimeSpan.FromHours(value) };
    }

    public static (int K, int N) Shard(string text)
    {
        var match = Regex.Match(text, @"^(\d+)/(\d+)$");
        if (!match.Success) throw new BadInputException($"--shard '{text}' is not K/N (e.g. 1/2)");
        var (k, n) = (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        if (n < 1 || k < 1 || k > n) throw new BadInputException($"--shard {text}: K must be 1..N");
        return (k, n);
    }

    public static (string Older, string Newer) Pair(string text) =>
        text.Split(':') is [var a, var b] && a.Length > 0 && b.Length > 0 ? (a, b) : throw new BadInputException($"--pair '{text}' is not OLDER:NEWER");
}
