namespace PipelineGuard.Sql;

/// <summary>Read access to the code tokens of one statement by position, with keyword and name helpers.</summary>
internal readonly struct StatementView(SqlTokenList tokens, SqlStatement statement)
{
    private readonly List<SqlToken> _code = tokens.Code;
    private readonly int _first = statement.FirstToken;

    public int Count { get; } = statement.TokenCount;

    public SqlTokenList Tokens { get; } = tokens;

    public SqlToken this[int i] => _code[_first + i];

    public ReadOnlySpan<char> Span(int i) => Tokens.Span(_code[_first + i]);

    public bool Is(int i, string word) =>
        i >= 0 && i < Count && _code[_first + i].Kind == SqlTokenKind.Word && Span(i).Equals(word, StringComparison.OrdinalIgnoreCase);

    public bool IsPunct(int i, char c) =>
        i >= 0 && i < Count && _code[_first + i].Kind == SqlTokenKind.Punctuation && Tokens.Text[_code[_first + i].Start] == c;

    public bool IsName(int i) => i >= 0 && i < Count && _code[_first + i].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier;

    public bool IsString(int i) => i >= 0 && i < Count && _code[_first + i].Kind == SqlTokenKind.String;

    /// <summary>The index after the parenthesis that closes the one at <paramref name="open"/>.</summary>
    public int SkipParens(int open)
    {
        var depth = 0;
        for (var i = open; i < Count; i++)
        {
            if (IsPunct(i, '(')) depth++;
            else if (IsPunct(i, ')') && --depth == 0) return i + 1;
        }
        return Count;
    }

    /// <summary>A possibly qualified name (<c>a.b."C"</c>, <c>[dbo].[t]</c>): its last part folded for comparison, and the index after it.</summary>
    public (string Name, int Next) Name(int i)
    {
        if (!IsName(i)) return ("", i);
        var last = i;
        var j = i + 1;
        while (IsPunct(j, '.') && IsName(j + 1))
        {
            last = j + 1;
            j += 2;
        }
        return (Fold(last), j);
    }

    public string Fold(int i)
    {
        var t = this[i];
        var span = Span(i);
        if (t.Kind == SqlTokenKind.QuotedIdentifier && span.Length >= 2) span = span[1..^1];
        return span.ToString().ToLowerInvariant();
    }

    /// <summary>The first index in [from, to) holding <paramref name="word"/> outside parentheses, or -1.</summary>
    public int FindTopLevel(int from, int to, string word)
    {
        var depth = 0;
        for (var i = from; i < to; i++)
        {
            if (IsPunct(i, '(')) depth++;
            else if (IsPunct(i, ')')) depth--;
            else if (depth == 0 && Is(i, word)) return i;
        }
        return -1;
    }

    public int Find(int from, int to, string word)
    {
        for (var i = from; i < to; i++)
        {
            if (Is(i, word)) return i;
        }
        return -1;
    }

    /// <summary>Splits [from, Count) at commas outside parentheses.</summary>
    public List<(int Start, int End)> SplitTopLevel(int from)
    {
        var parts = new List<(int, int)>();
        var depth = 0;
        var start = from;
        for (var i = from; i < Count; i++)
        {
            if (IsPunct(i, '(')) depth++;
            else if (IsPunct(i, ')')) depth--;
            else if (depth == 0 && IsPunct(i, ','))
            {
                parts.Add((start, i));
                start = i + 1;
            }
        }
        if (start < Count) parts.Add((start, Count));
        return parts;
    }
}
