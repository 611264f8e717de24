namespace PipelineGuard.Sql;

/// <summary>
/// A text's statements laid onto the guard's tokens. For T-SQL they come from SQL Server's parser: its top-level
/// statements, and for a compound statement (IF, WHILE, BEGIN ... END, TRY ... CATCH) the statements it runs. When the
/// parser cannot read the text, or its statements do not start where the guard's tokens do, the guard's own splitter
/// is used and <see cref="Unparsed"/> says why, so the analyser reports it (never a silent pass).
/// </summary>
internal sealed class SplitStatements
{
    public required List<SqlStatement> Statements { get; init; }

    /// <summary>Per statement, the statements a compound statement runs; null when it is not compound (or not T-SQL).</summary>
    public List<SqlStatement>?[]? Leaves { get; init; }

    /// <summary>Per statement, its kind as SQL Server's parser names it (T-SQL only).</summary>
    public string[]? Kinds { get; init; }

    /// <summary>Why SQL Server's parser could not be followed, or null.</summary>
    public string? Unparsed { get; init; }

    /// <summary>The statement the problem is in (the one reported).</summary>
    public int UnparsedIndex { get; init; }

    public static SplitStatements Of(SqlTokenList tokens, SqlDialect dialect)
    {
        if (dialect != SqlDialect.SqlServer) return new SplitStatements { Statements = SqlStatementSplitter.Split(tokens, dialect) };
        var (units, error) = TsqlScript.Parse(tokens.Text);
        var problem = error is null ? null : $"SQL Server's parser cannot read this ({error})";
        var problemOffset = error?.Offset ?? 0;
        if (error is null)
        {
            var statements = new List<SqlStatement>(units.Count);
            var leaves = new List<SqlStatement>?[units.Count];
            var kinds = new string[units.Count];
            for (var k = 0; k < units.Count && problem is null; k++)
            {
                var unit = units[k];
                kinds[k] = unit.Kind;
                if (Map(tokens, unit) is not { } statement)
                {
                    (problem, problemOffset) = (Disagreement(tokens, unit.Start), unit.Start);
                    break;
                }
                statements.Add(statement);
                if (!TsqlScript.IsCompound(unit)) continue;
                var inner = new List<SqlStatement>();
                if (AddLeaves(tokens, unit, inner) is { } bad)
                {
                    (problem, problemOffset) = (Disagreement(tokens, bad), bad);
                    break;
                }
                leaves[k] = inner;
            }
            if (problem is null) return new SplitStatements { Statements = statements, Leaves = leaves, Kinds = kinds };
        }
        var fallback = SqlStatementSplitter.Split(tokens, dialect);
        var index = 0;
        while (index + 1 < fallback.Count && fallback[index + 1].Start <= problemOffset) index++;
        return new SplitStatements
        {
            Statements = fallback,
            Unparsed = problem + "; its statements were split and classified by PipelineGuard's own reader, which may not read them the way SQL Server will",
            UnparsedIndex = index,
        };
    }

    private static string Disagreement(SqlTokenList tokens, int offset)
    {
        var line = 1;
        for (var i = 0; i < offset && i < tokens.Text.Length; i++)
        {
            if (tokens.Text[i] == '\n') line++;
        }
        return $"SQL Server's parser and PipelineGuard's reader disagree on where the statement at line {line} starts or ends";
    }

    /// <summary>The leaf statements of a compound statement, in order; the offset of one that cannot be laid on the tokens, or null.</summary>
    private static int? AddLeaves(SqlTokenList tokens, TsqlStatement unit, List<SqlStatement> into)
    {
        foreach (var inner in unit.Inner)
        {
            if (TsqlScript.IsCompound(inner))
            {
                if (AddLeaves(tokens, inner, into) is { } bad) return bad;
                continue;
            }
            if (Map(tokens, inner) is not { } statement) return inner.Start;
            into.Add(statement);
        }
        return null;
    }

    /// <summary>The code tokens of [Start, End): the first must start exactly at Start and the last end by End; a closing semicolon is left out.</summary>
    private static SqlStatement? Map(SqlTokenList tokens, TsqlStatement unit)
    {
        var code = tokens.Code;
        int lo = 0, hi = code.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (code[mid].Start < unit.Start) lo = mid + 1;
            else hi = mid;
        }
        if (lo >= code.Count || code[lo].Start != unit.Start) return null;
        var last = lo;
        while (last < code.Count && code[last].Start < unit.End) last++;
        if (last == lo || code[last - 1].End > unit.End) return null;
        var end = last;
        while (end > lo && code[end - 1].Kind is SqlTokenKind.Semicolon or SqlTokenKind.Delimiter) end--;
        if (end == lo) return null;
        var first = code[lo];
        return new SqlStatement(lo, end - lo, unit.Start, code[last - 1].End, first.Line, first.Column);
    }
}
