namespace PipelineGuard.Terraform;

/// <summary>What one selected value is.</summary>
public enum PlanValueKind : byte { String, Number, Bool, Null, List, Map, Unknown }

/// <summary>
/// One value selected from a plan by an attribute path. Values marked sensitive keep their text
/// for comparisons but never show it: <see cref="ToString"/> and <see cref="Display"/> say "(sensitive)".
/// </summary>
public sealed class PlanValue
{
    private readonly string? _text;
    private IReadOnlyList<PlanValue>? _items;

    public PlanValue(PlanValueKind kind, string? text, bool sensitive, IReadOnlyList<PlanValue>? items = null,
        IReadOnlyDictionary<string, PlanValue>? properties = null)
    {
        Kind = kind;
        _text = text;
        Sensitive = sensitive;
        _items = items ?? (properties is null ? s_noItems : null);
        Properties = properties ?? s_noProperties;
    }

    private static readonly IReadOnlyList<PlanValue> s_noItems = [];

    private static readonly IReadOnlyDictionary<string, PlanValue> s_noProperties = new Dictionary<string, PlanValue>();

    /// <summary>A map's entries by key (empty for other kinds).</summary>
    public IReadOnlyDictionary<string, PlanValue> Properties { get; }

    /// <summary>For a string holding a JSON document read through <c>@json</c>: the decoded value.</summary>
    public PlanValue? Decoded { get; private init; }

    public PlanValue WithDecoded(PlanValue decoded) =>
        new(Kind, _text, Sensitive, Kind == PlanValueKind.Map ? null : Items, Kind == PlanValueKind.Map ? Properties : null) { Decoded = decoded };

    public static PlanValue Unknown { get; } = new(PlanValueKind.Unknown, null, false);
    public static PlanValue SensitiveUnknown { get; } = new(PlanValueKind.Unknown, null, true);

    public PlanValueKind Kind { get; }
    public bool Sensitive { get; }
    public bool IsUnknown => Kind == PlanValueKind.Unknown;

    /// <summary>The scalar's text (for comparisons only; may be sensitive). Null for lists, maps, null and unknown.</summary>
    public string? RawText => _text;

    /// <summary>List items or map values (for <c>contains</c> on a whole collection); a map's are listed on first use, most maps are never asked.</summary>
    public IReadOnlyList<PlanValue> Items => _items ??= [.. Properties.Values];

    /// <summary>Safe to print: never a sensitive value.</summary>
    public string Display => Sensitive ? "(sensitive)" : Kind switch
    {
        PlanValueKind.Unknown => "(known after apply)",
        PlanValueKind.Null => "null",
        PlanValueKind.String => Quote(_text ?? ""),
        PlanValueKind.List => "[" + string.Join(", ", Items.Take(5).Select(i => i.Display)) + (Items.Count > 5 ? ", ..." : "") + "]",
        PlanValueKind.Map => "{...}",
        _ => _text ?? "",
    };

    private static string Quote(string s) => s.Length > 120 ? $"\"{s[..117]}...\"" : $"\"{s}\"";

    public override string ToString() => Display;
}

/// <summary>The values selected at one attribute path: before and after the change.</summary>
public sealed record SelectedValues(IReadOnlyList<PlanValue> Before, IReadOnlyList<PlanValue> After, bool AfterExists, bool BeforeExists);

/// <summary>
/// The values selected at each requested attribute path of one resource change (e.g.
/// <c>ingress.*.cidr_blocks.*</c>): what the plan reader keeps and the rules judge. Built by the
/// reader against its per-type <see cref="TypeProjection"/>, or from a dictionary in tests.
/// </summary>
public sealed class AttributeValues
{
    private readonly TypeProjection? _set;
    private readonly SelectedValues[] _values;
    private readonly Dictionary<string, SelectedValues>? _byPath;

    public AttributeValues(Dictionary<string, SelectedValues> byPath)
    {
        _byPath = byPath;
        _values = [];
    }

    /// <summary>Compact form: one slot per path of the set, shared by every change of the type.</summary>
    internal AttributeValues(TypeProjection set, SelectedValues[] values)
    {
        _set = set;
        _values = values;
    }

    public static AttributeValues Empty { get; } = new([]);

    public bool TryGet(string path, out SelectedValues values)
    {
        if (_byPath is not null) return _byPath.TryGetValue(path, out values!);
        var i = _set!.IndexOf(path);
        values = i >= 0 ? _values[i] : null!;
        return i >= 0;
    }

    public int Count => _byPath?.Count ?? _values.Length;
}
