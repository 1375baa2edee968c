using MigrationHarness.Tiers;
using Spectre.Console;

namespace MigrationHarness.Cli;

/// <summary>The tiers as a table on the terminal (plain text when output is redirected, as in CI logs).</summary>
public static class TierTable
{
    public static void Print(IReadOnlyList<TierRow> tiers)
    {
        if (tiers.Count == 0) return;
        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("older", "newer", "machine type", "met", "expected", "evidence");
        foreach (var t in tiers)
            table.AddRow(Markup.Escape(t.Older), Markup.Escape(t.Newer), Markup.Escape(t.MachineType),
                t.Violated ? $"[red]{Markup.Escape(t.Display)}[/]" : Markup.Escape(t.Display), Markup.Escape(t.Expected), Markup.Escape(t.Evidence.Compact));
        // Redirected (a CI log, a file) or a narrow terminal: no colour codes and no wrapping cells at 80 columns
        // (a long line the terminal wraps stays readable; a table squeezed into cell fragments does not).
        var redirected = Console.IsOutputRedirected || WindowWidth() < 110;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        if (redirected) console.Profile.Width = 220;
        console.Write(table);
    }

    private static int WindowWidth()
    {
        try { return Console.WindowWidth; }
        catch (IOException) { return 0; }
    }
}
