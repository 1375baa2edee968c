using Mono.Cecil;
using Mono.Cecil.Cil;

namespace MigrationHarness.Tests.Architecture;

/// <summary>
/// Which of the project's namespaces refer to which, read from the compiled assemblies: every type a
/// type names in its signatures, fields, attributes, locals and method bodies (lambdas and async state
/// machines count for the type that wrote them). Read from IL, not from <c>using</c> lines, so a fully
/// qualified name or a type reached through <c>var</c> counts too.
/// </summary>
public sealed class NamespaceGraph
{
    private readonly SortedDictionary<string, SortedSet<string>> _edges = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string To), SortedSet<string>> _because = new();

    public IReadOnlyDictionary<string, SortedSet<string>> Edges => _edges;

    /// <summary>What makes the edge (<c>user → used</c>, by type), for the message of a failing test.</summary>
    public IReadOnlyCollection<string> Because(string from, string to) =>
        _because.TryGetValue((from, to), out var e) ? e : [];

    public static NamespaceGraph Read(IEnumerable<string> assemblyPaths, string rootNamespace)
    {
        var graph = new NamespaceGraph();
        var modules = assemblyPaths.Select(p => ModuleDefinition.ReadModule(p)).ToList();
        var ours = modules.Select(m => m.Assembly.Name.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var module in modules)
            foreach (var type in module.GetTypes())
            {
                var from = NamespaceOf(type);
                if (!from.StartsWith(rootNamespace, StringComparison.Ordinal)) continue;
                graph._edges.TryAdd(from, new SortedSet<string>(StringComparer.Ordinal));
                foreach (var referenced in ReferencesOf(type))
                    foreach (var named in Unwrap(referenced))
                    {
                        if (!IsOurs(named, ours)) continue;
                        var to = NamespaceOf(named);
                        if (to == from || !to.StartsWith(rootNamespace, StringComparison.Ordinal)) continue;
                        graph._edges[from].Add(to);
                        if (!graph._because.TryGetValue((from, to), out var why)) graph._because[(from, to)] = why = new(StringComparer.Ordinal);
                        why.Add($"{OuterName(type)} → {OuterName(named)}");
                    }
            }
        return graph;
    }

    private static bool IsOurs(TypeReference type, HashSet<string> ours) => type.Scope switch
    {
        ModuleDefinition m => ours.Contains(m.Assembly.Name.Name),
        AssemblyNameReference a => ours.Contains(a.Name),
        _ => false,
    };

    /// <summary>A nested type (a lambda's closure, an async state machine) belongs to its outermost type's namespace.</summary>
    private static string NamespaceOf(TypeReference type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type.Namespace;
    }

    private static string OuterName(TypeReference type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type.Name;
    }

    private static IEnumerable<TypeReference> Unwrap(TypeReference type)
    {
        switch (type)
        {
            case GenericInstanceType g:
                foreach (var t in Unwrap(g.ElementType)) yield return t;
                foreach (var a in g.GenericArguments)
                    foreach (var t in Unwrap(a)) yield return t;
                break;
            case TypeSpecification s:
                foreach (var t in Unwrap(s.ElementType)) yield return t;
                break;
            case GenericParameter:
                break;
            default:
                yield return type;
                break;
        }
    }

    private static IEnumerable<TypeReference> ReferencesOf(TypeDefinition type)
    {
        if (type.BaseType is not null) yield return type.BaseType;
        foreach (var i in type.Interfaces) yield return i.InterfaceType;
        foreach (var a in type.CustomAttributes) yield return a.AttributeType;
        foreach (var f in type.Fields) yield return f.FieldType;
        foreach (var p in type.Properties) yield return p.PropertyType;
        foreach (var e in type.Events) yield return e.EventType;
        foreach (var m in type.Methods)
        {
            yield return m.ReturnType;
            foreach (var p in m.Parameters) yield return p.ParameterType;
            foreach (var a in m.CustomAttributes) yield return a.AttributeType;
            if (!m.HasBody) continue;
            foreach (var v in m.Body.Variables) yield return v.VariableType;
            foreach (var instruction in m.Body.Instructions)
                foreach (var t in OperandTypes(instruction))
                    yield return t;
        }
    }

    private static IEnumerable<TypeReference> OperandTypes(Instruction instruction)
    {
        switch (instruction.Operand)
        {
            case TypeReference t:
                yield return t;
                break;
            case MethodReference m:
                yield return m.DeclaringType;
                yield return m.ReturnType;
                foreach (var p in m.Parameters) yield return p.ParameterType;
                if (m is GenericInstanceMethod g)
                    foreach (var a in g.GenericArguments) yield return a;
                break;
            case FieldReference f:
                yield return f.DeclaringType;
                yield return f.FieldType;
                break;
        }
    }
}
