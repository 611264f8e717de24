using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PipelineGuard.Terraform;

/// <summary>
/// The paths a projection reads, as a trie: reading a resource's values walks the JSON once
/// and materialises only what lies under these paths; everything else is skipped unread.
/// </summary>
public sealed class PathTrie
{
    private readonly Dictionary<string, PathTrie> _children = new(StringComparer.Ordinal);

    // First UTF-8 bytes of the child names (ASCII), so most keys are skipped before they are decoded and looked up.
    private readonly bool[] _firstBytes = new bool[128];
    private bool _anyFirstByte;

    /// <summary>The value at this node is read whole (a path ends here).</summary>
    public bool Whole { get; private set; }

    public PathTrie? Star { get; private set; }

    /// <summary>The string here is a JSON document to decode and keep walking (the <c>@json</c> step).</summary>
    public PathTrie? Json { get; private set; }

    public static PathTrie Of(IEnumerable<AttributePath> paths)
    {
        var root = new PathTrie();
        foreach (var path in paths)
        {
            var node = root;
            foreach (var segment in path.Segments)
            {
                node = segment switch
                {
                    "*" => node.Star ??= new PathTrie(),
                    AttributePath.JsonStep => node.Json ??= new PathTrie(),
                    _ => node._children.TryGetValue(segment, out var c) ? c : node.Add(segment),
                };
            }
            node.Whole = true;
        }
        return root;
    }

    private PathTrie Add(string name)
    {
        if (name.Length > 0 && name[0] < 128) _firstBytes[name[0]] = true;
        else _anyFirstByte = true;
        var node = new PathTrie();
        _named = [.. _named, (Encoding.UTF8.GetBytes(name), name, node)];
        return _children[name] = node;
    }

    // The named children with their UTF-8 spelling, so a key is matched from the JSON bytes and its string is the trie's own.
    private (byte[] Utf8, string Name, PathTrie Node)[] _named = [];

    /// <summary>
    /// The child a key (UTF-8, unescaped) leads to and the key as a string: the path's own string for a named
    /// child, a new one only for a key reached through <c>*</c>. Null when no path goes there.
    /// </summary>
    public PathTrie? Child(ReadOnlySpan<byte> utf8, out string? name)
    {
        foreach (var (bytes, named, node) in _named)
        {
            if (utf8.SequenceEqual(bytes))
            {
                name = named;
                return node;
            }
        }
        name = Star is null ? null : Encoding.UTF8.GetString(utf8);
        return Star;
    }

    /// <summary>Whether a key (UTF-8, unescaped) can lead anywhere: false means skip it unread.</summary>
    public bool MayHave(ReadOnlySpan<byte> name) =>
        Star is not null || _anyFirstByte || (name.Length > 0 && name[0] < 128 && _firstBytes[name[0]]);

    public PathTrie? Child(string name) =>
        _children.TryGetValue(name, out var c) ? c : Star;

    public PathTrie? Item(int index) =>
        _children.Count == 0 ? Star : _children.TryGetValue(index.ToString(CultureInfo.InvariantCulture), out var c) ? c : Star;

    public IEnumerable<string> Names => _children.Keys;
}

/// <summary>
/// Reads a resource's before/after values into <see cref="PlanValue"/> trees holding only what a
/// <see cref="PathTrie"/> selects, applying terraform's unknown and sensitive markers on the way:
/// a value marked unknown becomes <see cref="PlanValue.Unknown"/>, one marked sensitive keeps its
/// text for comparisons but never shows it.
/// </summary>
public static class ProjectedValueReader
{
    private static readonly JsonReaderOptions s_options = new() { MaxDepth = 256 };
    private static readonly PlanValue s_true = new(PlanValueKind.Bool, "true", false);
    private static readonly PlanValue s_false = new(PlanValueKind.Bool, "false", false);
    private static readonly PlanValue s_null = new(PlanValueKind.Null, null, false);

    /// <summary>Reads a marker document (after_unknown, after_sensitive) whole: they are small.</summary>
    public static PlanValue? ReadMarker(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty) return null;
        var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(s_options));
        reader.Read();
        return ReadWhole(ref reader, null, false, null, null);
    }

    /// <summary>Reads the projected parts of a values document; null when the document is JSON null.</summary>
    public static PlanValue? Read(ReadOnlySpan<byte> json, PathTrie trie, PlanValue? unknown, PlanValue? sensitive) =>
        Read(json, trie, unknown, sensitive, null);

    /// <param name="shared">Where equal short scalars become one object as they are read (the plan reader's cache, one thread's).</param>
    internal static PlanValue? Read(ReadOnlySpan<byte> json, PathTrie trie, PlanValue? unknown, PlanValue? sensitive, KeptValueCache? shared)
    {
        if (json.IsEmpty) return null;
        var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(s_options));
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return null;
        return ReadNode(ref reader, trie, unknown, IsTrue(sensitive) ? s_true : sensitive, shared);
    }

    private static bool IsTrue(PlanValue? marker) => marker is { Kind: PlanValueKind.Bool, RawText: "true" };

    private static PlanValue? MarkerChild(PlanValue? marker, string name) =>
        marker is null ? null : IsTrue(marker) ? marker : marker.Properties.GetValueOrDefault(name);

    private static PlanValue? MarkerItem(PlanValue? marker, int index) =>
        marker is null ? null : IsTrue(marker) ? marker
        : marker.Kind == PlanValueKind.List && index < marker.Items.Count ? marker.Items[index] : null;

    private static PlanValue ReadNode(ref Utf8JsonReader reader, PathTrie trie, PlanValue? unknown, PlanValue? sensitive, KeptValueCache? shared)
    {
        var isSensitive = IsTrue(sensitive);
        if (IsTrue(unknown))
        {
            reader.Skip();
            return isSensitive ? PlanValue.SensitiveUnknown : PlanValue.Unknown;
        }
        if (trie.Whole && trie.Json is null)
        {
            return ReadWhole(ref reader, unknown, isSensitive, sensitive, shared);
        }
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                PlanValueDictionary? props = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    PathTrie? child;
                    string? name = null;
                    if (!reader.ValueIsEscaped && !trie.MayHave(reader.ValueSpan))
                    {
                        child = null;
                    }
                    else if (!reader.ValueIsEscaped)
                    {
                        child = trie.Child(reader.ValueSpan, out name);
                    }
                    else
                    {
                        name = reader.GetString()!;
                        child = trie.Child(name);
                    }
                    reader.Read();
                    if (child is null)
                    {
                        reader.Skip();
                        continue;
                    }
                    (props ??= new PlanValueDictionary()).Set(name!,
                        ReadNode(ref reader, child, MarkerChild(unknown, name!), isSensitive ? sensitive : MarkerChild(sensitive, name!), shared));
                }
                // Terraform leaves unknown attributes out of the values (or null): the marker still names them.
                if (unknown is { Kind: PlanValueKind.Map })
                {
                    foreach (var (key, mark) in unknown.Properties)
                    {
                        if (IsTrue(mark) && trie.Child(key) is not null && (props is null || !props.TryGetValue(key, out var present) || present.Kind == PlanValueKind.Null))
                        {
                            (props ??= new PlanValueDictionary()).Set(key,
                                IsTrue(MarkerChild(sensitive, key)) || isSensitive ? PlanValue.SensitiveUnknown : PlanValue.Unknown);
                        }
                    }
                }
                return new PlanValue(PlanValueKind.Map, null, isSensitive, properties: props ?? s_noProperties);
            }
            case JsonTokenType.StartArray:
            {
                var items = new List<PlanValue>();
                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var child = trie.Item(index);
                    if (child is null)
                    {
                        reader.Skip();
                        items.Add(s_null);
                    }
                    else
                    {
                        items.Add(ReadNode(ref reader, child, MarkerItem(unknown, index), isSensitive ? sensitive : MarkerItem(sensitive, index), shared));
                    }
                    index++;
                }
                return new PlanValue(PlanValueKind.List, null, isSensitive, items);
            }
            case JsonTokenType.String when trie.Json is not null:
            {
                var text = reader.GetString()!;
                var plain = new PlanValue(PlanValueKind.String, text, isSensitive);
                var decoded = Decode(text, trie.Json, isSensitive, shared);
                return decoded is null ? plain : plain.WithDecoded(decoded);
            }
            default:
                return Scalar(ref reader, isSensitive, shared);
        }
    }

    private static readonly PlanValueDictionary s_noProperties = new(0);

    private static PlanValue? Decode(string text, PathTrie trie, bool sensitive, KeptValueCache? shared)
    {
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.IsEmpty || trimmed[0] is not ('{' or '[')) return null;
        var bytes = Encoding.UTF8.GetBytes(text);
        try
        {
            var reader = new Utf8JsonReader(bytes, isFinalBlock: true, new JsonReaderState(new JsonReaderOptions { MaxDepth = 64 }));
            reader.Read();
            var value = ReadNode(ref reader, trie, null, sensitive ? s_true : null, shared);
            // A string that is JSON at its start but has trailing text is not a document.
            return reader.Read() ? null : value;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static PlanValue Scalar(ref Utf8JsonReader reader, bool sensitive, KeptValueCache? shared) => reader.TokenType switch
    {
        JsonTokenType.String or JsonTokenType.Number when shared is not null && !sensitive && !reader.ValueIsEscaped
            && reader.ValueSpan.Length <= KeptValueCache.MaxScalarLength => shared.Scalar(reader.TokenType == JsonTokenType.String ? PlanValueKind.String : PlanValueKind.Number, reader.ValueSpan),
        JsonTokenType.String => new PlanValue(PlanValueKind.String, reader.GetString(), sensitive),
        JsonTokenType.Number => new PlanValue(PlanValueKind.Number, Encoding.UTF8.GetString(reader.ValueSpan), sensitive),
        JsonTokenType.True => sensitive ? new PlanValue(PlanValueKind.Bool, "true", true) : s_true,
        JsonTokenType.False => sensitive ? new PlanValue(PlanValueKind.Bool, "false", true) : s_false,
        _ => sensitive ? new PlanValue(PlanValueKind.Null, null, true) : s_null,
    };

    /// <summary>Reads a whole value, with unknown markers inside it honoured.</summary>
    private static PlanValue ReadWhole(ref Utf8JsonReader reader, PlanValue? unknown, bool isSensitive, PlanValue? sensitive, KeptValueCache? shared)
    {
        if (IsTrue(unknown))
        {
            reader.Skip();
            return isSensitive ? PlanValue.SensitiveUnknown : PlanValue.Unknown;
        }
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var props = new PlanValueDictionary();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    var childSensitive = isSensitive || IsTrue(MarkerChild(sensitive, name));
                    props.Set(name, ReadWhole(ref reader, MarkerChild(unknown, name), childSensitive, isSensitive ? null : MarkerChild(sensitive, name), shared));
                }
                if (unknown is { Kind: PlanValueKind.Map })
                {
                    foreach (var (key, mark) in unknown.Properties)
                    {
                        if (IsTrue(mark) && (!props.TryGetValue(key, out var v) || v.Kind == PlanValueKind.Null)) props.Set(key, PlanValue.Unknown);
                    }
                }
                return new PlanValue(PlanValueKind.Map, null, isSensitive, properties: props);
            }
            case JsonTokenType.StartArray:
            {
                var items = new List<PlanValue>();
                var i = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var childSensitive = isSensitive || IsTrue(MarkerItem(sensitive, i));
                    items.Add(ReadWhole(ref reader, MarkerItem(unknown, i), childSensitive, isSensitive ? null : MarkerItem(sensitive, i), shared));
                    i++;
                }
                return new PlanValue(PlanValueKind.List, null, isSensitive, items);
            }
            default:
                return Scalar(ref reader, isSensitive, shared);
        }
    }
}
