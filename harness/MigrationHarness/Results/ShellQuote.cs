namespace MigrationHarness.Results;

/// <summary>POSIX single-quoting: every value becomes one literal word, whatever it holds ($(…), quotes, newlines).</summary>
public static class ShellQuote
{
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static string Join(IEnumerable<string> argv) => string.Join(' ', argv.Select(Quote));
}
