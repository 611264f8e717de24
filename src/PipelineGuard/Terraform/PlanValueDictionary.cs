using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace PipelineGuard.Terraform;

/// <summary>
/// A map value's entries in document order. Plan values hold a few keys each (tags, one block's attributes),
/// so entries are scanned in a flat array, a fraction of a Dictionary's size; past eight keys a hash index is added.
/// Built once by the reader, then read only.
/// </summary>
public sealed class PlanValueDictionary : IReadOnlyDictionary<string, PlanValue>
{
    private const int IndexedAbove = 8;

    private KeyValuePair<string, PlanValue>[] _entries;
    private Dictionary<string, int>? _index;

    public PlanValueDictionary(int capacity = 2) => _entries = capacity == 0 ? [] : new KeyValuePair<string, PlanValue>[capacity];

    public int Count { get; private set; }

    /// <summary>Adds or replaces: a key that appears twice keeps its first place and its last value, as a Dictionary does.</summary>
    public void Set(string key, PlanValue value)
    {
        var at = IndexOf(key);
        if (at >= 0)
        {
            _entries[at] = new(_entries[at].Key, value);
            return;
        }
        if (Count == _entries.Length) Array.Resize(ref _entries, Math.Max(2, Count * 2));
        _entries[Count] = new(key, value);
        _index?.Add(key, Count);
        Count++;
        if (_index is null && Count > IndexedAbove)
        {
            _index = new Dictionary<string, int>(Count * 2, StringComparer.Ordinal);
            for (var i = 0; i < Count; i++) _index[_entries[i].Key] = i;
        }
    }

    private int IndexOf(string key)
    {
        if (_index is not null) return _index.TryGetValue(key, out var i) ? i : -1;
        for (var i = 0; i < Count; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    public PlanValue this[string key] => IndexOf(key) is var i and >= 0 ? _entries[i].Value : throw new KeyNotFoundException($"the map has no key '{key}'");

    public IEnumerable<string> Keys => _entries.Take(Count).Select(e => e.Key);

    public IEnumerable<PlanValue> Values => _entries.Take(Count).Select(e => e.Value);

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out PlanValue value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _entries[i].Value : null;
        return i >= 0;
    }

    public IEnumerator<KeyValuePair<string, PlanValue>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return _entries[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
