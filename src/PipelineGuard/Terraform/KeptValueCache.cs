namespace PipelineGuard.Terraform;

/// <summary>
/// Shares what the plan reader keeps per change: equal short scalars become one object, and
/// changes whose selected values are the same (most resources of a type) share one
/// <see cref="AttributeValues"/>. A 100k-resource plan then keeps little more than its verdicts did.
/// Values are immutable, so sharing is safe; the cache is bounded and local to one plan.
/// </summary>
internal sealed class KeptValueCache
{
    private const int MaxEntries = 100_000;
    internal const int MaxScalarLength = 128;
    private const int MaxMapEntries = 16;

    private readonly Dictionary<string, PlanValue> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PlanValue> _numbers = new(StringComparer.Ordinal);
    // true, false and null: their texts do not overlap, so one table holds all three.
    private readonly Dictionary<string, PlanValue> _literals = new(StringComparer.Ordinal);
    private readonly Dictionary<(PlanValue?, PlanValue?, bool, bool), SelectedValues> _selected = [];
    private readonly Dictionary<TypeProjection, Dictionary<SelectedValues[], AttributeValues>> _values = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<PlanValue, PlanValue> _maps = new(FlatMapComparer.Instance);
    private SelectedValues[] _scratch = [];

    /// <summary>The values kept for one change: a shared instance when an equal one was kept before.</summary>
    public AttributeValues Keep(TypeProjection set, IReadOnlyList<PlanValue>[] before, IReadOnlyList<PlanValue>[] after, bool afterExists, bool beforeExists)
    {
        if (_scratch.Length != set.Paths.Length) _scratch = new SelectedValues[set.Paths.Length];
        var slots = _scratch;
        var shareable = true;
        for (var i = 0; i < slots.Length; i++)
        {
            var slot = Slot(before[i], after[i], afterExists, beforeExists);
            shareable &= slot.Shared;
            slots[i] = slot.Values;
        }
        if (!shareable) return new AttributeValues(set, [.. slots]);
        if (!_values.TryGetValue(set, out var known))
        {
            known = new Dictionary<SelectedValues[], AttributeValues>(SlotComparer.Instance);
            _values[set] = known;
        }
        // Looked up with the scratch slots; copied only when this combination is new.
        if (known.TryGetValue(slots, out var existing)) return existing;
        SelectedValues[] copy = [.. slots];
        var made = new AttributeValues(set, copy);
        if (known.Count < MaxEntries) known[copy] = made;
        return made;
    }

    private (SelectedValues Values, bool Shared) Slot(IReadOnlyList<PlanValue> before, IReadOnlyList<PlanValue> after, bool afterExists, bool beforeExists)
    {
        if (before.Count <= 1 && after.Count <= 1)
        {
            var b = before.Count == 1 ? Scalar(before[0]) : null;
            var a = after.Count == 1 ? Scalar(after[0]) : null;
            if ((before.Count == 0 || b is not null) && (after.Count == 0 || a is not null))
            {
                var key = (b, a, afterExists, beforeExists);
                if (_selected.TryGetValue(key, out var shared)) return (shared, true);
                var made = new SelectedValues(b is null ? [] : [b], a is null ? [] : [a], afterExists, beforeExists);
                if (_selected.Count < MaxEntries) _selected[key] = made;
                return (made, true);
            }
        }
        return (new SelectedValues(Compact(before), Compact(after), afterExists, beforeExists), false);
    }

    /// <summary>One shared object per short, non-sensitive scalar (unknown is already shared) or small map of them (tags); null for anything else.</summary>
    private PlanValue? Scalar(PlanValue value)
    {
        if (value.Sensitive) return null;
        if (value.Kind == PlanValueKind.Unknown) return value;
        if (value.Kind == PlanValueKind.Map) return FlatMap(value);
        if (value.Kind is not (PlanValueKind.String or PlanValueKind.Number or PlanValueKind.Bool or PlanValueKind.Null)) return null;
        if (value.Decoded is not null) return null;
        var text = value.RawText ?? "";
        if (text.Length > MaxScalarLength) return null;
        var table = value.Kind switch { PlanValueKind.String => _strings, PlanValueKind.Number => _numbers, _ => _literals };
        if (table.TryGetValue(text, out var shared)) return shared;
        if (table.Count < MaxEntries) table[text] = value;
        return value;
    }

    /// <summary>
    /// The one object for a short, non-sensitive string or number read from its UTF-8 text (unescaped, at
    /// most <see cref="MaxScalarLength"/> bytes): a string is made only for a text not seen before.
    /// </summary>
    public PlanValue Scalar(PlanValueKind kind, ReadOnlySpan<byte> utf8)
    {
        Span<char> chars = stackalloc char[MaxScalarLength];
        var n = System.Text.Encoding.UTF8.GetChars(utf8, chars);
        var table = kind == PlanValueKind.String ? _strings : _numbers;
        if (table.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars[..n], out var shared)) return shared;
        var text = new string(chars[..n]);
        var made = new PlanValue(kind, text, false);
        if (table.Count < MaxEntries) table[text] = made;
        return made;
    }

    /// <summary>A map of at most 16 short scalars, shared by its entries (resources of one plan repeat their tags).</summary>
    private PlanValue? FlatMap(PlanValue map)
    {
        if (!FlatMapComparer.IsFlat(map)) return null;
        if (_maps.TryGetValue(map, out var shared)) return shared;
        if (_maps.Count < MaxEntries) _maps[map] = map;
        return map;
    }

    /// <summary>Flat maps are equal when they hold the same keys with equal scalars, in the same order.</summary>
    private sealed class FlatMapComparer : IEqualityComparer<PlanValue>
    {
        public static FlatMapComparer Instance { get; } = new();

        public static bool IsFlat(PlanValue map)
        {
            if (map.Properties.Count > MaxMapEntries || map.Decoded is not null) return false;
            foreach (var (name, v) in map.Properties)
            {
                if (v.Sensitive || v.Decoded is not null || v.Kind is PlanValueKind.List or PlanValueKind.Map) return false;
                if (name.Length > MaxScalarLength || (v.RawText?.Length ?? 0) > MaxScalarLength) return false;
            }
            return true;
        }

        public bool Equals(PlanValue? x, PlanValue? y)
        {
            if (ReferenceEquals(x, y)) return true;
            if (x is null || y is null || x.Properties.Count != y.Properties.Count) return false;
            using var a = x.Properties.GetEnumerator();
            using var b = y.Properties.GetEnumerator();
            while (a.MoveNext() && b.MoveNext())
            {
                var (ka, va) = a.Current;
                var (kb, vb) = b.Current;
                if (!string.Equals(ka, kb, StringComparison.Ordinal) || va.Kind != vb.Kind || !string.Equals(va.RawText, vb.RawText, StringComparison.Ordinal)) return false;
            }
            return true;
        }

        public int GetHashCode(PlanValue map)
        {
            var hash = new HashCode();
            foreach (var (name, v) in map.Properties)
            {
                hash.Add(name, StringComparer.Ordinal);
                hash.Add(v.Kind);
                hash.Add(v.RawText, StringComparer.Ordinal);
            }
            return hash.ToHashCode();
        }
    }

    private static PlanValue[] Compact(IReadOnlyList<PlanValue> values) => values.Count == 0 ? [] : [.. values];

    /// <summary>Slot arrays are equal when they hold the same shared objects.</summary>
    private sealed class SlotComparer : IEqualityComparer<SelectedValues[]>
    {
        public static SlotComparer Instance { get; } = new();

        public bool Equals(SelectedValues[]? x, SelectedValues[]? y)
        {
            if (x is null || y is null || x.Length != y.Length) return false;
            for (var i = 0; i < x.Length; i++)
            {
                if (!ReferenceEquals(x[i], y[i])) return false;
            }
            return true;
        }

        public int GetHashCode(SelectedValues[] slots)
        {
            var hash = new HashCode();
            foreach (var s in slots) hash.Add(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(s));
            return hash.ToHashCode();
        }
    }
}
