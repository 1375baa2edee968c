using System.Text;

namespace MigrationHarness.Configs.Parsing;

/// <summary>
/// Splits a command line as a POSIX shell would for words: single and double quotes, backslash
/// escapes and backslash-newline continuations (as pasted from a bug report or a libvirt log).
/// Nothing is expanded or executed.
/// </summary>
public static class ShellWords
{
    public static IReadOnlyList<string> Split(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\' when i + 1 < text.Length && text[i + 1] == '\n':
                    i++;
                    break;
                case '\\' when i + 2 < text.Length && text[i + 1] == '\r' && text[i + 2] == '\n':
                    i += 2;
                    break;
                case '\\' when i + 1 < text.Length:
                    current.Append(text[++i]);
                    inWord = true;
                    break;
                case '\'':
                {
                    var end = text.IndexOf('\'', i + 1);
                    if (end < 0) throw new CommandLineParseException("unterminated single quote in the command line");
                    current.Append(text, i + 1, end - i - 1);
                    i = end;
                    inWord = true;
                    break;
                }
                case '"':
                {
                    i++;
                    while (i < text.Length && text[i] != '"')
                    {
                        if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`') i++;
                        current.Append(text[i++]);
                    }
                    if (i >= text.Length) throw new CommandLineParseException("unterminated double quote in the command line");
                    inWord = true;
                    break;
                }
                case ' ' or '\t' or '\n' or '\r':
                    if (inWord) { words.Add(current.ToString()); current.Clear(); inWord = false; }
                    break;
                default:
                    current.Append(c);
                    inWord = true;
                    break;
            }
        }
        if (inWord) words.Add(current.ToString());
        return words;
    }
}
