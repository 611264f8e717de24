namespace PipelineGuard.Sql;

/// <summary>The tokens of one source text: code tokens in order, and the comments beside them.</summary>
public sealed class SqlTokenList(string text, List<SqlToken> code, List<SqlToken> comments)
{
    public string Text { get; } = text;
    public List<SqlToken> Code { get; } = code;
    public List<SqlToken> Comments { get; } = comments;

    public ReadOnlySpan<char> Span(SqlToken token) => Text.AsSpan(token.Start, token.Length);
}

/// <summary>
/// Splits SQL text into tokens, exact about what is code and what is not (comments, strings,
/// quoted identifiers, dollar quotes, versioned comments) and keeping each token's line and column.
/// </summary>
public sealed class SqlLexer
{
    private readonly string _text;
    private readonly SqlLexerOptions _options;
    private readonly List<SqlToken> _code;
    private readonly List<SqlToken> _comments;
    private int _pos;
    private int _line = 1;
    private int _lineStart;
    private string? _delimiter;
    private bool _atStatementStart = true;
    private int _versionedCommentDepth;

    private SqlLexer(string text, SqlLexerOptions options, List<SqlToken>? code, List<SqlToken>? comments)
    {
        _text = text;
        _options = options;
        // About one code token per eight characters in typical migrations; avoids most regrowth.
        _code = code ?? new List<SqlToken>(Math.Max(16, text.Length / 8));
        _comments = comments ?? [];
        _code.Clear();
        _comments.Clear();
    }

    /// <summary>
    /// Tokenizes <paramref name="text"/>. Callers that lex many files may pass lists to fill and reuse them
    /// afterwards (large token buffers would otherwise be allocated per file).
    /// </summary>
    public static SqlTokenList Tokenize(string text, SqlLexerOptions options, List<SqlToken>? code = null, List<SqlToken>? comments = null)
    {
        var lexer = new SqlLexer(text, options, code, comments);
        lexer.Run();
        return new SqlTokenList(text, lexer._code, lexer._comments);
    }

    private int Column(int pos) => pos - _lineStart + 1;

    private void Emit(SqlTokenKind kind, int start, int end, int line, int column)
    {
        var token = new SqlToken(kind, start, end - start, line, column);
        if (kind == SqlTokenKind.Comment)
        {
            _comments.Add(token);
            return;
        }
        _code.Add(token);
        _atStatementStart = kind is SqlTokenKind.Semicolon or SqlTokenKind.Delimiter or SqlTokenKind.DelimiterChange;
    }

    /// <summary>Moves to <paramref name="end"/>, keeping line bookkeeping for newlines inside the skipped span.</summary>
    private void Advance(int end)
    {
        var span = _text.AsSpan(_pos, end - _pos);
        var last = span.LastIndexOf('\n');
        if (last >= 0)
        {
            _line += span.Count('\n');
            _lineStart = _pos + last + 1;
        }
        _pos = end;
    }

    private void Run()
    {
        var text = _text;
        var n = text.Length;
        while (_pos < n)
        {
            var ch = text[_pos];
            if (ch == ' ')
            {
                _pos++;
                continue;
            }
            if (_options.DelimiterCommand && _atStatementStart && (ch is 'd' or 'D') && OnlyWhitespaceBeforeOnLine(_pos) && TryDelimiterCommand())
            {
                continue;
            }
            if (_delimiter is not null && text.AsSpan(_pos).StartsWith(_delimiter, StringComparison.OrdinalIgnoreCase))
            {
                var start = _pos;
                var (l, c) = (_line, Column(_pos));
                Advance(_pos + _delimiter.Length);
                if (_options.GoBatches && _delimiter.TrimEnd().EndsWith("GO", StringComparison.OrdinalIgnoreCase))
                {
                    // A GO delimiter keeps its optional repeat count on the same line.
                    var p = _pos;
                    while (p < n && text[p] is ' ' or '\t') p++;
                    var digits = p;
                    while (p < n && char.IsAsciiDigit(text[p])) p++;
                    if (p > digits) _pos = p;
                }
                Emit(SqlTokenKind.Delimiter, start, _pos, l, c);
                continue;
            }
            if (ch == '\n')
            {
                _pos++;
                _line++;
                _lineStart = _pos;
                continue;
            }
            if (ch is ' ' or '\t' or '\r' or '\f' or '\v' || (ch > 127 && char.IsWhiteSpace(ch)) || ch == '\uFEFF')
            {
                _pos++;
                continue;
            }
            if (_options.GoBatches && (ch is 'g' or 'G') && OnlyWhitespaceBeforeOnLine(_pos) && TryGo())
            {
                continue;
            }
            switch (ch)
            {
                case '-' when Peek(1) == '-' && (_options.Dialect != SqlDialect.MySql || IsMySqlCommentFollower(Peek(2))):
                    LineComment();
                    continue;
                case '#' when _options.HashComments:
                    LineComment();
                    continue;
                case '/' when Peek(1) == '*':
                    var mariaDb = Peek(2) == 'M' && Peek(3) == '!';
                    if (_options.VersionedComments && (Peek(2) == '!' || mariaDb))
                    {
                        // MySQL runs the body of /*!NNNNN ... */ as code, MariaDB that of /*M!NNNNN ... */ too: drop only the markers.
                        var p = _pos + (mariaDb ? 4 : 3);
                        while (p < n && char.IsAsciiDigit(text[p])) p++;
                        _pos = p;
                        _versionedCommentDepth++;
                        continue;
                    }
                    BlockComment();
                    continue;
                case '*' when _versionedCommentDepth > 0 && Peek(1) == '/':
                    _versionedCommentDepth--;
                    _pos += 2;
                    continue;
                case '\'':
                    QuotedString(_pos, _pos, _options.BackslashEscapes);
                    continue;
                case '"':
                    if (_options.DoubleQuoteIsString) QuotedString(_pos, _pos, _options.BackslashEscapes);
                    else QuotedIdentifier('"');
                    continue;
                case '`' when _options.Backticks:
                    QuotedIdentifier('`');
                    continue;
                case '[' when _options.Brackets:
                    QuotedIdentifier(']');
                    continue;
                case '$' when _options.DollarQuotes && TryDollarQuote():
                    continue;
                case ';':
                    if (_delimiter is null) Emit(SqlTokenKind.Semicolon, _pos, _pos + 1, _line, Column(_pos));
                    else Emit(SqlTokenKind.Punctuation, _pos, _pos + 1, _line, Column(_pos));
                    _pos++;
                    continue;
            }
            if (char.IsAsciiDigit(ch) || (ch == '.' && char.IsAsciiDigit(Peek(1))))
            {
                Number();
                continue;
            }
            if (IsWordStart(ch))
            {
                Word();
                continue;
            }
            Emit(SqlTokenKind.Punctuation, _pos, _pos + 1, _line, Column(_pos));
            _pos++;
        }
        if (_versionedCommentDepth > 0)
        {
            throw new SqlSyntaxException(_line, Column(_pos), "unterminated /*! versioned comment");
        }
    }

    /// <summary>A custom delimiter ends a word too: <c>select * from t1MySQL</c> with delimiter MySQL.</summary>
    private bool DelimiterAt(int p) => _delimiter is not null && _text.AsSpan(p).StartsWith(_delimiter, StringComparison.OrdinalIgnoreCase);

    private char Peek(int offset) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

    private static bool IsMySqlCommentFollower(char c) => c is '\0' or ' ' or '\t' or '\r' or '\n' or '\f' or '\v' || c < ' ';

    private bool OnlyWhitespaceBeforeOnLine(int pos)
    {
        for (var i = pos - 1; i >= _lineStart; i--)
        {
            if (_text[i] is not (' ' or '\t' or '\r' or '\uFEFF')) return false;
        }
        return true;
    }

    private bool IsWordStart(char c) =>
        char.IsAsciiLetter(c) || c == '_' || (c == '@' && _options.AtVariables) ||
        (c == '#' && _options.Dialect == SqlDialect.SqlServer) || (c > 127 && char.IsLetter(c));

    /// <summary>ASCII characters that continue a word: letters, digits, _ $ @ #.</summary>
    private static readonly bool[] s_wordPart = BuildWordPart();

    private static bool[] BuildWordPart()
    {
        var table = new bool[128];
        for (var c = 0; c < 128; c++) table[c] = char.IsAsciiLetterOrDigit((char)c) || c is '_' or '$' or '@' or '#';
        return table;
    }

    private static bool IsWordPart(char c) => c < 128 ? s_wordPart[c] : char.IsLetterOrDigit(c);

    private void Word()
    {
        var start = _pos;
        var p = _pos + 1;
        var text = _text;
        while (p < text.Length && IsWordPart(text[p]) && !DelimiterAt(p)) p++;
        // E'..' is PostgreSQL's escape string: the prefix belongs to the string token.
        if (_options.EscapeStringPrefix && p - start == 1 && (text[start] is 'E' or 'e') && p < text.Length && text[p] == '\'')
        {
            QuotedString(start, p, backslashEscapes: true);
            return;
        }
        Emit(SqlTokenKind.Word, start, p, _line, Column(start));
        _pos = p;
    }

    private void Number()
    {
        var start = _pos;
        var p = _pos;
        var text = _text;
        while (p < text.Length && (char.IsAsciiLetterOrDigit(text[p]) || text[p] == '.' || text[p] == '_') && (p == start || !DelimiterAt(p)))
        {
            // 1e-5 and 1E+5: the sign belongs to the exponent.
            if ((text[p] is 'e' or 'E') && p + 1 < text.Length && text[p + 1] is '+' or '-') p++;
            p++;
        }
        Emit(SqlTokenKind.Number, start, p, _line, Column(start));
        _pos = p;
    }

    private void LineComment()
    {
        var start = _pos;
        var end = _text.IndexOf('\n', _pos);
        if (end < 0) end = _text.Length;
        var commentEnd = end > start && _text[end - 1] == '\r' ? end - 1 : end;
        var column = Column(start);
        if (_atStatementStart && TryAtlasDelimiterDirective(start, commentEnd))
        {
            Emit(SqlTokenKind.DelimiterChange, start, commentEnd, _line, column);
        }
        else
        {
            Emit(SqlTokenKind.Comment, start, commentEnd, _line, column);
        }
        _pos = end;
    }

    /// <summary><c>-- atlas:delimiter X</c> (X may spell newlines as \n) sets the terminator for Atlas-managed files.</summary>
    private bool TryAtlasDelimiterDirective(int start, int end)
    {
        const string Directive = "-- atlas:delimiter ";
        var span = _text.AsSpan(start, end - start);
        if (!span.StartsWith(Directive, StringComparison.Ordinal)) return false;
        var value = span[Directive.Length..].Trim().ToString().Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\t", "\t", StringComparison.Ordinal);
        if (value.Length == 0) return false;
        _delimiter = value == ";" ? null : value;
        return true;
    }

    private void BlockComment()
    {
        var start = _pos;
        var (line, column) = (_line, Column(_pos));
        var depth = 0;
        var p = _pos;
        var text = _text;
        while (true)
        {
            var next = text.AsSpan(p).IndexOfAny('*', '/');
            if (next < 0) throw new SqlSyntaxException(line, column, "unterminated block comment");
            p += next;
            if (text[p] == '/' && p + 1 < text.Length && text[p + 1] == '*')
            {
                if (depth == 0 || _options.NestedBlockComments) depth++;
                p += 2;
            }
            else if (text[p] == '*' && p + 1 < text.Length && text[p + 1] == '/')
            {
                depth--;
                p += 2;
                if (depth == 0) break;
            }
            else
            {
                p++;
            }
        }
        Advance(p);
        Emit(SqlTokenKind.Comment, start, p, line, column);
    }

    /// <summary>A string from <paramref name="tokenStart"/>; the opening quote is at <paramref name="quoteAt"/>.</summary>
    private void QuotedString(int tokenStart, int quoteAt, bool backslashEscapes)
    {
        var quote = _text[quoteAt];
        var (line, column) = (_line, Column(tokenStart));
        var p = quoteAt + 1;
        var text = _text;
        while (true)
        {
            var next = backslashEscapes ? text.AsSpan(p).IndexOfAny(quote, '\\') : text.AsSpan(p).IndexOf(quote);
            if (next < 0) throw new SqlSyntaxException(line, column, "unterminated string literal");
            p += next;
            if (text[p] == '\\')
            {
                p += 2;
                // A backslash as the last character escapes nothing: the string never ends.
                if (p > text.Length) throw new SqlSyntaxException(line, column, "unterminated string literal");
                continue;
            }
            if (p + 1 < text.Length && text[p + 1] == quote)
            {
                p += 2;
                continue;
            }
            p++;
            break;
        }
        if (p > text.Length) throw new SqlSyntaxException(line, column, "unterminated string literal");
        _pos = tokenStart;
        Advance(p);
        Emit(SqlTokenKind.String, tokenStart, p, line, column);
    }

    /// <summary>A quoted identifier from the opening quote to <paramref name="close"/>; a doubled closing quote is part of the name.</summary>
    private void QuotedIdentifier(char close)
    {
        var start = _pos;
        var (line, column) = (_line, Column(_pos));
        var p = start + 1;
        var text = _text;
        while (true)
        {
            var next = text.AsSpan(p).IndexOf(close);
            if (next < 0) throw new SqlSyntaxException(line, column, $"unterminated quoted identifier (missing {close})");
            p += next + 1;
            if (p < text.Length && text[p] == close)
            {
                p++;
                continue;
            }
            break;
        }
        Advance(p);
        Emit(SqlTokenKind.QuotedIdentifier, start, p, line, column);
    }

    private bool TryDollarQuote()
    {
        var text = _text;
        var p = _pos + 1;
        if (p < text.Length && (char.IsAsciiLetter(text[p]) || text[p] == '_' || text[p] > 127))
        {
            while (p < text.Length && (char.IsAsciiLetterOrDigit(text[p]) || text[p] == '_' || text[p] > 127)) p++;
        }
        if (p >= text.Length || text[p] != '$')
        {
            return false;
        }
        var tag = text.AsSpan(_pos, p - _pos + 1);
        var (line, column) = (_line, Column(_pos));
        var close = text.AsSpan(p + 1).IndexOf(tag, StringComparison.Ordinal);
        if (close < 0) throw new SqlSyntaxException(line, column, $"unterminated dollar-quoted string {tag}");
        var end = p + 1 + close + tag.Length;
        var start = _pos;
        Advance(end);
        Emit(SqlTokenKind.String, start, end, line, column);
        return true;
    }

    /// <summary>A T-SQL <c>GO [count]</c> line: a batch separator, not SQL.</summary>
    private bool TryGo()
    {
        var text = _text;
        var p = _pos + 2;
        if (p > text.Length || !(text[_pos + 1] is 'o' or 'O')) return false;
        if (p < text.Length && IsWordPart(text[p])) return false;
        var q = p;
        while (q < text.Length && text[q] is ' ' or '\t') q++;
        while (q < text.Length && char.IsAsciiDigit(text[q])) q++;
        var end = q;
        while (q < text.Length && text[q] is ' ' or '\t' or '\r') q++;
        if (q < text.Length && text[q] != '\n' && !(text[q] == '-' && q + 1 < text.Length && text[q + 1] == '-')) return false;
        Emit(SqlTokenKind.Delimiter, _pos, end, _line, Column(_pos));
        _pos = end;
        return true;
    }

    /// <summary>The mysql client's <c>DELIMITER x</c> line (client syntax, never sent to the server).</summary>
    private bool TryDelimiterCommand()
    {
        const string Word = "delimiter";
        var text = _text;
        if (!text.AsSpan(_pos).StartsWith(Word, StringComparison.OrdinalIgnoreCase)) return false;
        var p = _pos + Word.Length;
        if (p >= text.Length || text[p] is not (' ' or '\t')) return false;
        var lineEnd = text.IndexOf('\n', p);
        if (lineEnd < 0) lineEnd = text.Length;
        var value = text.AsSpan(p, lineEnd - p).Trim();
        // Anything after the first blank is not part of the delimiter (the client ignores it).
        var blank = value.IndexOfAny(' ', '\t');
        if (blank >= 0) value = value[..blank];
        if (value.Length >= 2 && (value[0] is '\'' or '"' or '`') && value[^1] == value[0]) value = value[1..^1];
        if (value.Length == 0) return false;
        var delimiter = value.ToString().Replace("\\n", "\n", StringComparison.Ordinal);
        _delimiter = delimiter is ";" ? null : delimiter;
        Emit(SqlTokenKind.DelimiterChange, _pos, lineEnd, _line, Column(_pos));
        _pos = lineEnd;
        return true;
    }
}
