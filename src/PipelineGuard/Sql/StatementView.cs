namespace PipelineGuard.Sql;

/// <summary>Read access to the code tokens of one statement by position, with keyword and name helpers.</summary>
internal readonly struct StatementView(SqlTokenList tokens, SqlStatement statement)
{
    private readonly List<SqlToken> _code = tokens.Code;
    private readonly int _first = statement.FirstToken;

    public SqlStatement Statement { get; } = statement;

    /// <summary>Tokens [from, to) as a statement of their own (a statement nested in control flow or after EXPLAIN).</summary>
    public StatementView Slice(int from, int to)
    {
        if (to <= from) return new StatementView(Tokens, Statement with { FirstToken = _first + from, TokenCount = 0 });
        var start = this[from];
        var end = this[to - 1];
        return new StatementView(Tokens, new SqlStatement(_first + from, to - from, start.Start, end.End, start.Line, start.Column));
    }

    /// <summary>The source text of tokens [from, to).</summary>
    public string TextOf(int from, int to) => to <= from ? "" : Tokens.Text[this[from].Start..this[to - 1].End];

    public int Count { get; } = statement.TokenCount;

    public SqlTokenList Tokens { get; } = tokens;

    public SqlToken this[int i] => _code[_first + i];

    /// <summary>The text of token <paramref name="i"/>; empty past the statement's ends, so a truncated statement is never a crash.</summary>
    public ReadOnlySpan<char> Span(int i) => i >= 0 && i < Count ? Tokens.Span(_code[_first + i]) : [];

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

    /// <summary>
    /// A table or index name resolved the way the dialect resolves it, as "schema.name": PostgreSQL folds unquoted parts to
    /// lower case and keeps quoted ones exact, with <paramref name="defaultSchema"/> (the search_path) for unqualified names;
    /// MySQL and SQL Server names are compared exactly (a case-sensitive server or collation treats Users and users as two
    /// tables, so only an exact match proves it is the same one); SQLite folds ASCII case.
    /// </summary>
    public (string Key, int Next) Resolve(int i, SqlDialect dialect, string defaultSchema)
    {
        if (!IsName(i)) return ("", i);
        var parts = new List<string> { Part(i, dialect) };
        var j = i + 1;
        while (IsPunct(j, '.') && IsName(j + 1))
        {
            parts.Add(Part(j + 1, dialect));
            j += 2;
        }
        var name = parts[^1];
        var schema = parts.Count >= 2 ? parts[^2] : defaultSchema;
        return (schema + "." + name, j);
    }

    private string Part(int i, SqlDialect dialect)
    {
        var span = Span(i);
        if (this[i].Kind == SqlTokenKind.QuotedIdentifier && span.Length >= 2)
        {
            var close = span[^1];
            var inner = span[1..^1].ToString().Replace(new string(close, 2), close.ToString(), StringComparison.Ordinal);
            return dialect == SqlDialect.Sqlite ? inner.ToLowerInvariant() : inner;
        }
        return dialect is SqlDialect.Postgres or SqlDialect.Sqlite ? span.ToString().ToLowerInvariant() : span.ToString();
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
