using System.Reflection;
using System.Reflection.Emit;

namespace PipelineGuard.Tests.Architecture;

/// <summary>
/// Which of an assembly's top-level namespaces (PipelineGuard.X) use which others, read from the compiled
/// code itself: signatures, base types, attributes' types and every type or member token in the method bodies.
/// </summary>
public sealed class NamespaceGraph
{
    private static readonly Dictionary<short, OpCode> s_opcodes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance |
        BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Namespace -> namespace -> one example of why (type and what it names), for a readable failure.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Edges { get; }

    private NamespaceGraph(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> edges) => Edges = edges;

    public static NamespaceGraph Of(Assembly assembly, string root)
    {
        var edges = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            if (LayerOf(type, root) is not { } from) continue;
            var targets = edges.TryGetValue(from, out var t) ? t : edges[from] = new(StringComparer.Ordinal);
            foreach (var (used, why) in UsedTypes(type))
            {
                if (LayerOf(used, root) is { } to && to != from) targets.TryAdd(to, $"{type.FullName} uses {used.FullName} ({why})");
            }
        }
        return new NamespaceGraph(edges.ToDictionary(e => e.Key, e => (IReadOnlyDictionary<string, string>)e.Value, StringComparer.Ordinal));
    }

    /// <summary>The namespace segment after the root (PipelineGuard.Sql.Classes -> Sql); the root itself is "(root)".</summary>
    public static string? LayerOf(Type type, string root)
    {
        var outer = type;
        while (outer.DeclaringType is { } d) outer = d;
        var ns = outer.Namespace;
        if (ns is null || !(ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal))) return null;
        if (ns == root) return "(root)";
        var rest = ns[(root.Length + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    /// <summary>Every set of namespaces that reach each other (Tarjan's strongly connected components of size above one).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<IReadOnlyList<string>>();
        var next = 0;
        void Visit(string node)
        {
            index[node] = low[node] = next++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var to in Edges.TryGetValue(node, out var e) ? e.Keys : Enumerable.Empty<string>())
            {
                if (!index.TryGetValue(to, out var toIndex)) { Visit(to); low[node] = Math.Min(low[node], low[to]); }
                else if (onStack.Contains(to)) low[node] = Math.Min(low[node], toIndex);
            }
            if (low[node] != index[node]) return;
            var component = new List<string>();
            string popped;
            do { popped = stack.Pop(); onStack.Remove(popped); component.Add(popped); } while (popped != node);
            if (component.Count > 1) result.Add(component.Order(StringComparer.Ordinal).ToList());
        }
        foreach (var node in Edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node)) Visit(node);
        }
        return result;
    }

    /// <summary>The edges inside one cycle, each with its example, for the failure message.</summary>
    public IEnumerable<string> Explain(IReadOnlyList<string> cycle) =>
        from source in cycle
        from edge in Edges.TryGetValue(source, out var e) ? e : Enumerable.Empty<KeyValuePair<string, string>>()
        where cycle.Contains(edge.Key)
        select $"{source} -> {edge.Key}: {edge.Value}";

    private static IEnumerable<(Type Type, string Why)> UsedTypes(Type type)
    {
        if (type.BaseType is { } b) foreach (var t in Expand(b)) yield return (t, "base type");
        foreach (var i in type.GetInterfaces()) foreach (var t in Expand(i)) yield return (t, "interface");
        foreach (var a in type.CustomAttributes) yield return (a.AttributeType, "attribute");
        foreach (var field in type.GetFields(Declared)) foreach (var t in Expand(field.FieldType)) yield return (t, "field " + field.Name);
        foreach (var property in type.GetProperties(Declared)) foreach (var t in Expand(property.PropertyType)) yield return (t, "property " + property.Name);
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo m) foreach (var t in Expand(m.ReturnType)) yield return (t, method.Name + " returns");
            foreach (var p in method.GetParameters()) foreach (var t in Expand(p.ParameterType)) yield return (t, method.Name + " parameter");
            foreach (var t in BodyTypes(method)) yield return (t, method.Name + " body");
        }
    }

    /// <summary>A type and the types it is made of (generic arguments, element types).</summary>
    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.HasElementType && type.GetElementType() is { } element)
        {
            foreach (var t in Expand(element)) yield return t;
            yield break;
        }
        if (type.IsGenericParameter) yield break;
        yield return type;
        if (type.IsGenericType) foreach (var arg in type.GetGenericArguments()) foreach (var t in Expand(arg)) yield return t;
    }

    private static IEnumerable<Type> BodyTypes(MethodBase method)
    {
        byte[]? il;
        try { il = method.GetMethodBody()?.GetILAsByteArray(); }
        catch (InvalidOperationException) { il = null; }
        if (il is null) yield break;
        var module = method.Module;
        var typeArgs = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var at = 0;
        while (at < il.Length)
        {
            short value = il[at] == 0xFE && at + 1 < il.Length ? (short)(0xFE00 | il[at + 1]) : il[at];
            if (!s_opcodes.TryGetValue(value, out var op)) yield break;
            at += op.Size;
            switch (op.OperandType)
            {
                case OperandType.InlineType or OperandType.InlineTok or OperandType.InlineMethod or OperandType.InlineField:
                    var token = BitConverter.ToInt32(il, at);
                    MemberInfo? member = null;
                    try { member = module.ResolveMember(token, typeArgs, methodArgs); }
                    catch (ArgumentException) { }
                    catch (BadImageFormatException) { }
                    if (member is Type usedType) foreach (var t in Expand(usedType)) yield return t;
                    else if (member?.DeclaringType is { } declaring) foreach (var t in Expand(declaring)) yield return t;
                    if (member is MethodInfo { IsGenericMethod: true } generic)
                    {
                        foreach (var arg in generic.GetGenericArguments()) foreach (var t in Expand(arg)) yield return t;
                    }
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + (4 * BitConverter.ToInt32(il, at));
                    break;
                default:
                    at += OperandSize(op.OperandType);
                    break;
            }
        }
    }

    private static int OperandSize(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };
}
