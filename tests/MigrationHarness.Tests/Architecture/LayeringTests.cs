using System.Text;

namespace MigrationHarness.Tests.Architecture;

/// <summary>The layered layout holds: no folder uses a folder of a higher layer, and no folders form a cycle.</summary>
public sealed class LayeringTests(ITestOutputHelper output)
{
    private static readonly Lazy<NamespaceGraph> Graph = new(() => NamespaceGraph.Read(
        new[] { "MigrationHarness.dll", "MigrationHarness.Generators.dll", "MigrationHarness.Scenarios.dll", "mh.dll" }
            .Select(name => Path.Combine(AppContext.BaseDirectory, name)),
        "MigrationHarness"));

    [Fact]
    public void Every_folder_belongs_to_a_layer()
    {
        var unplaced = Graph.Value.Edges.Keys.Where(ns => Layers.IndexOf(ns) < 0).ToList();
        Assert.True(unplaced.Count == 0, $"namespaces in no layer (add them to Layers.BottomUp): {string.Join(", ", unplaced)}");
    }

    [Fact]
    public void No_folder_uses_a_folder_of_a_higher_layer()
    {
        var graph = Graph.Value;
        var upward = new StringBuilder();
        foreach (var (from, tos) in graph.Edges)
            foreach (var to in tos)
                if (Layers.IndexOf(to) > Layers.IndexOf(from))
                    upward.AppendLine($"{from} ({LayerName(from)}) uses {to} ({LayerName(to)}): "
                                      + string.Join(", ", graph.Because(from, to)));
        output.WriteLine(Describe(graph));
        Assert.True(upward.Length == 0, "upward references:\n" + upward);
    }

    [Fact]
    public void No_folders_form_a_cycle()
    {
        var graph = Graph.Value;
        var cycle = FindCycle(graph);
        Assert.True(cycle is null, cycle is null ? "" : "folder cycle: " + string.Join(" → ", cycle) + "\n"
            + string.Join("\n", cycle.Zip(cycle.Skip(1), (a, b) => $"{a} → {b}: {string.Join(", ", graph.Because(a, b))}")));
    }

    [Fact]
    public void The_graph_is_read_from_signatures_and_method_bodies()
    {
        var edges = Graph.Value.Edges;
        // CaseRunner holds CheckResults in its method bodies only; the commands reach the campaign through lambdas.
        Assert.Contains("MigrationHarness.Checks", edges["MigrationHarness.Runner"]);
        Assert.Contains("MigrationHarness.Campaign", edges["MigrationHarness.Cli.Commands"]);
        Assert.Contains("MigrationHarness.Configs", edges["MigrationHarness.Scenarios"]);
        Assert.DoesNotContain("MigrationHarness.Runner", edges["MigrationHarness.Runner"]);
    }

    [Fact]
    public void The_cycle_search_finds_a_planted_cycle()
    {
        var edges = new Dictionary<string, SortedSet<string>>
        {
            ["A"] = new(["B"]), ["B"] = new(["C"]), ["C"] = new(["A"]), ["D"] = new(["A"]),
        };
        Assert.Equal(["A", "B", "C", "A"], FindCycle(edges));
        edges["C"].Clear();
        Assert.Null(FindCycle(edges));
    }

    [Fact]
    public void A_namespace_is_placed_by_exact_name_before_a_wildcard()
    {
        Assert.Equal("Model", Layers.BottomUp[Layers.IndexOf("MigrationHarness")].Name);
        Assert.Equal("Model", Layers.BottomUp[Layers.IndexOf("MigrationHarness.Configs.Cpu")].Name);
        Assert.Equal("Diagnosis", Layers.BottomUp[Layers.IndexOf("MigrationHarness.Findings.Vmstate")].Name);
        Assert.Equal(-1, Layers.IndexOf("MigrationHarness.Nowhere"));
    }

    private static List<string>? FindCycle(NamespaceGraph graph) =>
        FindCycle(graph.Edges.ToDictionary(kv => kv.Key, kv => kv.Value));

    /// <summary>A depth-first search that returns the first cycle met, closed (its first node repeated last).</summary>
    private static List<string>? FindCycle(IReadOnlyDictionary<string, SortedSet<string>> edges)
    {
        var state = new Dictionary<string, int>();   // 1 on the stack, 2 done
        var stack = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            stack.Add(node);
            foreach (var next in edges.TryGetValue(node, out var n) ? n : [])
            {
                if (state.GetValueOrDefault(next) == 1) return [.. stack.SkipWhile(s => s != next), next];
                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found) return found;
            }
            stack.RemoveAt(stack.Count - 1);
            state[node] = 2;
            return null;
        }
        foreach (var node in edges.Keys.OrderBy(k => k, StringComparer.Ordinal))
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle) return cycle;
        return null;
    }

    /// <summary>The folder graph, layer by layer, as the README draws it.</summary>
    private static string Describe(NamespaceGraph graph)
    {
        var text = new StringBuilder();
        for (var i = Layers.BottomUp.Count - 1; i >= 0; i--)
        {
            text.AppendLine($"{Layers.BottomUp[i].Name}:");
            foreach (var ns in graph.Edges.Keys.Where(ns => Layers.IndexOf(ns) == i))
                text.AppendLine($"  {Short(ns)} → {string.Join(", ", graph.Edges[ns].Select(Short))}");
        }
        return text.ToString();
    }

    private static string LayerName(string ns) => Layers.IndexOf(ns) is >= 0 and var i ? Layers.BottomUp[i].Name : "no layer";

    private static string Short(string ns) => ns == "MigrationHarness" ? "(root)" : ns["MigrationHarness.".Length..];
}
