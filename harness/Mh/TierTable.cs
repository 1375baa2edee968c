using MigrationHarness.Tiers;
using Spectre.Console;

namespace MigrationHarness.Cli;

/// <summary>The tiers as a table on the terminal (plain text when output is redirected, as in CI logs).</summary>
public static class TierTable
{
    public static void Print(IReadOnlyList<TierRow> tiers)
    {
        // Redirected (a CI log, a file) or a narrow terminal: no colour codes and no wrapping cells at 80 columns
        // (a long line the terminal wraps stays readable; a table squeezed into cell fragments does not).
        var plain = Console.IsOutputRedirected || WindowWidth() < 110;
        Write(tiers, Console.Out, plain);
    }

    /// <summary>Writes the table to <paramref name="output"/>; plain is 220 columns wide without colour codes.</summary>
    public static void Write(IReadOnlyList<TierRow> tiers, TextWriter output, bool plain)
    {
        if (tiers.Count == 0) return;
        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("older", "newer", "machine type", "met", "expected", "evidence");
        foreach (var t in tiers)
            table.AddRow(Markup.Escape(t.Older), Markup.Escape(t.Newer), Markup.Escape(t.MachineType),
                t.Violated ? $"[red]{Markup.Escape(t.Display)}[/]" : Markup.Escape(t.Display), Markup.Escape(t.Expected.Name()), Markup.Escape(t.Evidence.Compact));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Out = new AnsiConsoleOutput(output),
        });
        if (plain) console.Profile.Width = 220;
        console.Write(table);
    }

    private static int WindowWidth()
    {
        try { return Console.WindowWidth; }
        catch (IOException) { return 0; }
    }
}
