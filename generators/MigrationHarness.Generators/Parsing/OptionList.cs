namespace MigrationHarness.Configs.Parsing;

/// <summary>
/// A QEMU option argument like <c>pc-q35-7.2,accel=kvm,nvdimm=on</c>: an optional leading bare
/// value, then key=value pairs (a key may repeat, as <c>cpus=</c> does in <c>-numa node</c>).
/// A doubled comma is a literal comma, as in QEMU's option syntax.
/// </summary>
public sealed class OptionList
{
    private readonly List<(string Key, string Value)> _pairs = [];
    private readonly HashSet<string> _used = [];

    public string Option { get; }
    public string? Leading { get; private set; }

    /// <summary>The argument as written.</summary>
    public string Argument { get; }

    public OptionList(string option, string argument, string? implicitKey = null)
    {
        Option = option;
        Argument = argument;
        // libvirt writes -object and -device as JSON objects; their members are the same properties.
        if (argument.TrimStart().StartsWith('{'))
        {
            ReadJson(argument, implicitKey);
            return;
        }
        var parts = SplitCommas(argument);
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            var eq = part.IndexOf('=');
            if (eq < 0)
            {
                if (i == 0) { Leading = part; if (implicitKey is not null) _pairs.Add((implicitKey, part)); continue; }
                _pairs.Add((part, ""));
                continue;
            }
            _pairs.Add((part[..eq], part[(eq + 1)..]));
        }
    }

    public string? Get(string key)
    {
        _used.Add(key);
        var matches = _pairs.Where(p => p.Key == key).ToArray();
        if (matches.Length > 1) throw new CommandLineParseException($"{Option}: '{key}' is given {matches.Length} times");
        return matches.Length == 0 ? null : matches[0].Value;
    }

    public IReadOnlyList<string> GetAll(string key)
    {
        _used.Add(key);
        return _pairs.Where(p => p.Key == key).Select(p => p.Value).ToArray();
    }

    public string Require(string key, string what) =>
        Get(key) ?? throw new CommandLineParseException($"{Option} {Leading ?? ""}: {what} needs '{key}='".Replace("  ", " "));

    public int? GetInt(string key)
    {
        var text = Get(key);
        if (text is null) return null;
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new CommandLineParseException($"{Option}: {key}='{text}' is not a whole number");
    }

    public long? GetSize(string key, char defaultUnit)
    {
        var text = Get(key);
        if (text is null) return null;
        return Sizes.TryParse(text, defaultUnit, out var mib)
            ? mib
            : throw new CommandLineParseException($"{Option}: {key}='{text}' is not a size in whole MiB (like 512M, 4G)");
    }

    /// <summary>Fails on any key nobody asked for: an option the model does not know must not pass silently.</summary>
    public void RejectUnused(string context, params string[] ignorable)
    {
        foreach (var (key, value) in _pairs)
        {
            if (_used.Contains(key) || ignorable.Contains(key)) continue;
            throw new CommandLineParseException($"{Option} {context}: unsupported property '{key}{(value.Length > 0 ? "=" + value : "")}'");
        }
    }

    private void ReadJson(string argument, string? implicitKey)
    {
        System.Text.Json.JsonElement root;
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(argument);
            root = document.RootElement.Clone();
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new CommandLineParseException($"{Option}: not valid JSON ({ex.Message.Split('.')[0]})");
        }
        foreach (var member in root.EnumerateObject())
        {
            var value = member.Value.ValueKind switch
            {
                System.Text.Json.JsonValueKind.String => member.Value.GetString()!,
                System.Text.Json.JsonValueKind.Number => member.Value.GetRawText() + (member.Name is "size" or "requested-size" ? "B" : ""),
                System.Text.Json.JsonValueKind.True => "on",
                System.Text.Json.JsonValueKind.False => "off",
                _ => throw new CommandLineParseException($"{Option}: '{member.Name}' has a value the model does not read"),
            };
            // The JSON form names the type member; the key=value form gives it first and bare.
            var key = member.Name is "qom-type" or "driver" && implicitKey is not null ? implicitKey : member.Name;
            if (key == implicitKey && Leading is null) Leading = value;
            _pairs.Add((key, value));
        }
    }

    private static List<string> SplitCommas(string text)
    {
        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == ',' && i + 1 < text.Length && text[i + 1] == ',') { current.Append(','); i++; continue; }
            if (text[i] == ',') { parts.Add(current.ToString()); current.Clear(); continue; }
            current.Append(text[i]);
        }
        parts.Add(current.ToString());
        return parts;
    }
}
