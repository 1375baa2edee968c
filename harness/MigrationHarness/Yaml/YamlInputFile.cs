using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MigrationHarness.Yaml;

/// <summary>
/// Reads a YAML file a user wrote (claims, known findings) into its typed document. A file that is not
/// YAML, or is YAML of another shape (a string or a list where a mapping belongs, an unknown key), is a
/// one-line <see cref="BadInputException"/> naming the file, the line, what is there and what belongs
/// there; the deserializer's own message speaks of .NET types and helps no user.
/// </summary>
public static class YamlInputFile
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().WithNamingConvention(HyphenatedNamingConvention.Instance).Build();

    /// <returns>The document, or null when the file holds none (empty, or only comments).</returns>
    public static T? Load<T>(string path, IReadOnlyList<YamlShape> shapes) where T : class
    {
        var text = File.ReadAllText(path);
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException ex) { throw new BadInputException($"{path}:{ex.Start.Line}: {FirstLine(ex)}"); }
        try
        {
            return Deserializer.Deserialize<T?>(text);
        }
        catch (YamlException ex)
        {
            // The deserializer marks the node it could not take; the parsed tree says where that node is and what it holds.
            var place = stream.Documents.Count == 0 ? null : Locate(stream.Documents[0].RootNode, [], isKey: false, ex);
            throw new BadInputException($"{path}:{ex.Start.Line}: {(place is null ? FirstLine(ex) : Explain(place, shapes))}");
        }
    }

    private sealed record Place(YamlNode Node, object[] Segments, bool IsKey);

    /// <summary>The node <paramref name="ex"/> marks: the deepest one spanning exactly its start and end.</summary>
    private static Place? Locate(YamlNode node, object[] segments, bool isKey, YamlException ex)
    {
        var children = node switch
        {
            YamlMappingNode mapping => mapping.Children.SelectMany(pair => new[]
            {
                (pair.Key, Segments: (object[])[.. segments, Key(pair.Key)], IsKey: true),
                (pair.Value, Segments: (object[])[.. segments, Key(pair.Key)], IsKey: false),
            }),
            YamlSequenceNode sequence => sequence.Children.Select((item, index) => (item, Segments: (object[])[.. segments, index], IsKey: false)),
            _ => [],
        };
        foreach (var (child, childSegments, childIsKey) in children)
            if (Locate(child, childSegments, childIsKey, ex) is { } deeper) return deeper;
        return node.Start.Index == ex.Start.Index && node.End.Index == ex.End.Index ? new Place(node, segments, isKey) : null;
    }

    private static string Key(YamlNode key) => key is YamlScalarNode { Value: { } value } ? value : key.ToString();

    private static string Explain(Place place, IReadOnlyList<YamlShape> shapes)
    {
        var segments = place.Segments;
        if (place.IsKey)
        {
            var owner = segments[..^1];
            return $"unknown key '{segments[^1]}' {(owner.Length == 0 ? "at the top level" : $"in {Name(owner)}")}; expected {Expected(owner, shapes).Text}";
        }
        var (at, text) = Expected(segments, shapes);
        return at.Length == segments.Length
            ? $"{Name(segments)} is {Describe(place.Node)}; expected {text}"
            : $"{Name(segments)} is {Describe(place.Node)}; {Name(at)} must be {text}";
    }

    /// <summary>What belongs at <paramref name="segments"/>, or at the nearest place above it the shapes describe.</summary>
    private static (object[] At, string Text) Expected(object[] segments, IReadOnlyList<YamlShape> shapes)
    {
        for (var at = segments; ; at = at[..^1])
        {
            var pattern = string.Concat(at.Select((s, i) => s is int ? "[]" : i == 0 ? $"{s}" : $".{s}"));
            if (shapes.FirstOrDefault(s => s.Path == pattern) is { } shape) return (at, shape.Expected);
            if (at.Length == 0) return (at, "another shape");
        }
    }

    /// <summary>A place as a user finds it in the file: "the top level", "'claims'", "claims #2", "'between' of claims #2".</summary>
    private static string Name(object[] segments) => segments switch
    {
        [] => "the top level",
        [string key] => $"'{key}'",
        [.. var owner, string key] => $"'{key}' of {Name(owner)}",
        [int index] => $"item #{index + 1}",
        [string list, int index] => $"{list} #{index + 1}",
        [.. var owner, string list, int index] => $"{list} #{index + 1} of {Name(owner)}",
        [.. var owner, int index] => $"item #{index + 1} of {Name(owner)}",
        _ => string.Join('.', segments),
    };

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode { Value: null or "" } => "empty",
        YamlScalarNode { Value: { } value } => $"'{(value.Length > 40 ? value[..40] + "…" : value)}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "something else",
    };

    private static string FirstLine(YamlException ex) => (ex.InnerException?.Message ?? ex.Message).Split('\n')[0];
}
