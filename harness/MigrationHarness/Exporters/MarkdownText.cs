namespace MigrationHarness.Exporters;

/// <summary>Text from QEMU or input files made safe inside a Markdown table cell or list item: no pipes, newlines or markup.</summary>
public static class MarkdownText
{
    public static string Escape(string text) =>
        text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
