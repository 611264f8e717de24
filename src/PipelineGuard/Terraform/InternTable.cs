namespace PipelineGuard.Terraform;

/// <summary>One string object per distinct text, up to a bound: past it, texts not seen yet are made but not remembered.</summary>
internal sealed class InternTable(int capacity)
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    public string Intern(string text)
    {
        if (_strings.TryGetValue(text, out var existing)) return existing;
        if (_strings.Count < capacity) _strings[text] = text;
        return text;
    }

    /// <summary>Looked up from the characters: a string is made only for a text not seen before.</summary>
    public string Intern(ReadOnlySpan<char> text)
    {
        if (_strings.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out var existing)) return existing;
        var made = new string(text);
        if (_strings.Count < capacity) _strings[made] = made;
        return made;
    }
}
