using System.Text;

namespace PipelineGuard.Sql;

/// <summary>
/// SQL inside other SQL: DO blocks and routine bodies, PREPARE/EXECUTE, CALL of a routine created in the file, EXPLAIN
/// ANALYZE (it runs the statement), T-SQL control flow and EXEC('...') / sp_executesql. Constant text is analysed as the
/// SQL it holds, in the same pass (so what it creates or drops counts); text built at run time is <c>dynamic-sql</c>.
/// </summary>
public sealed partial class MigrationAnalyser
{
    private const int MaxNesting = 8;
    private AnalysedStatementPosition _position;
    private string _defaultSchema = "";
    private int _depth;
    private readonly Dictionary<string, Routine> _routines = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string?> _prepared = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string?> _variables = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A routine created in this file: its body and the language it is written in (null when it cannot be read).</summary>
    private sealed record Routine(string? Body, string Language);

    private static string DefaultSchemaOf(SqlDialect dialect) => dialect switch
    {
        SqlDialect.Postgres => "public",
        SqlDialect.SqlServer => "dbo",
        SqlDialect.Sqlite => "main",
        _ => "",
    };

    /// <summary>Runs <paramref name="body"/> with the findings it adds labelled with where they come from.</summary>
    private void Nested(string where, Action body)
    {
        var before = _findings.Count;
        if (_depth >= MaxNesting)
        {
            Add(StatementClass.DynamicSql, $"{where}: SQL nested more than {MaxNesting} levels deep is not read");
            return;
        }
        _depth++;
        try
        {
            body();
        }
        finally
        {
            _depth--;
        }
        for (var k = before; k < _findings.Count; k++)
        {
            var f = _findings[k];
            if (where.Length > 0) _findings[k] = f with { Message = $"{where}: {f.Message}" };
        }
    }

    /// <summary>Constant SQL text (EXEC('...'), EXECUTE '...', a prepared statement) analysed statement by statement.</summary>
    private void AnalyseEmbedded(string sql, string where, bool procedural = false)
    {
        Nested(where, () =>
        {
            SqlTokenList tokens;
            try
            {
                tokens = SqlLexer.Tokenize(sql, SqlLexerOptions.For(_dialect));
            }
            catch (SqlSyntaxException e)
            {
                Add(StatementClass.DynamicSql, $"the SQL text cannot be read ({e.Problem}), so what it runs cannot be judged");
                return;
            }
            var inDeclare = false;
            var split = SplitStatements.Of(tokens, _dialect);
            for (var k = 0; k < split.Statements.Count; k++)
            {
                var view = new StatementView(tokens, split.Statements[k]);
                if (split.Leaves?[k] is { } leaves)
                {
                    foreach (var leaf in leaves) ClassifyProceduralStatement(new StatementView(tokens, leaf));
                }
                else if (procedural)
                {
                    ClassifyProcedural(view, "", ref inDeclare);
                }
                else
                {
                    Classify(view);
                }
                if (split.Unparsed is { } unparsed && split.UnparsedIndex == k) Add(StatementClass.UnclassifiedStatement, unparsed);
            }
        });
    }

    private void ClassifyProcedural(StatementView s, string where)
    {
        var inDeclare = false;
        Nested(where, () => ClassifyProcedural(s, "", ref inDeclare));
    }

    /// <summary>
    /// One statement of a procedural body (PL/pgSQL, a MySQL routine, T-SQL control flow): the control-flow words before it
    /// are skipped (labels, BEGIN, IF ... THEN, WHILE ... LOOP, ELSE, END IF, EXCEPTION WHEN ... THEN), procedural statements
    /// that run no SQL are known, and what remains is classified as SQL.
    /// </summary>
    private void ClassifyProcedural(StatementView s, string where, ref bool inDeclare)
    {
        var tsql = _dialect == SqlDialect.SqlServer;
        var i = 0;
        while (i < s.Count)
        {
            var start = i;
            if (inDeclare)
            {
                var begin = s.FindTopLevel(i, s.Count, "BEGIN");
                if (begin < 0) return;
                inDeclare = false;
                i = begin + 1;
                continue;
            }
            if (s.IsPunct(i, '<') && s.IsPunct(i + 1, '<'))
            {
                i += 2;
                while (i < s.Count && !(s.IsPunct(i, '>') && s.IsPunct(i + 1, '>'))) i++;
                i += 2;
            }
            else if (s.Is(i, "DECLARE") && _postgres)
            {
                inDeclare = true;
                i++;
            }
            else if (s.Is(i, "BEGIN") && !IsTransactionWord(s, i + 1))
            {
                i += s.Is(i + 1, "TRY") || s.Is(i + 1, "CATCH") || s.Is(i + 1, "ATOMIC") ? 2 : 1;
            }
            else if (s.Is(i, "END"))
            {
                i++;
                if (s.Is(i, "IF") || s.Is(i, "LOOP") || s.Is(i, "CASE") || s.Is(i, "WHILE") || s.Is(i, "REPEAT") || s.Is(i, "FOR") ||
                    s.Is(i, "TRY") || s.Is(i, "CATCH")) i++;
            }
            else if (s.Is(i, "ELSE") || s.Is(i, "LOOP") || s.Is(i, "REPEAT"))
            {
                i++;
            }
            else if (tsql && (s.Is(i, "IF") || s.Is(i, "WHILE")))
            {
                i = TsqlConditionEnd(s, i + 1);
            }
            else if (s.Is(i, "IF") || s.Is(i, "ELSIF") || s.Is(i, "ELSEIF") || s.Is(i, "WHEN") || s.Is(i, "CASE") || s.Is(i, "EXCEPTION"))
            {
                var then = s.FindTopLevel(i + 1, s.Count, "THEN");
                if (then < 0) return;
                i = then + 1;
            }
            else if (s.Is(i, "WHILE") || s.Is(i, "FOR") || s.Is(i, "FOREACH"))
            {
                var loop = s.FindTopLevel(i + 1, s.Count, "LOOP");
                if (loop < 0) loop = s.FindTopLevel(i + 1, s.Count, "DO");
                if (loop < 0) return;
                i = loop + 1;
            }
            if (i == start) break;
        }
        if (i >= s.Count) return;
        if (tsql)
        {
            // T-SQL: IF c DROP TABLE a ELSE DROP TABLE b — each branch is a statement.
            var otherwise = TopLevelElse(s, i);
            if (otherwise > i)
            {
                ClassifyProceduralStatement(s.Slice(i, otherwise));
                var rest = s.Slice(otherwise, s.Count);
                ClassifyProcedural(rest, where, ref inDeclare);
                return;
            }
        }
        ClassifyProceduralStatement(s.Slice(i, s.Count));
    }

    private static bool IsTransactionWord(StatementView s, int i) =>
        i >= s.Count || s.Is(i, "TRAN") || s.Is(i, "TRANSACTION") || s.Is(i, "WORK") || s.Is(i, "DISTRIBUTED") || s.IsPunct(i, ';');

    private static bool IsTsqlTransaction(StatementView s) => s.Is(0, "BEGIN") && IsTransactionWord(s, 1);

    /// <summary>The first token after a T-SQL IF/WHILE condition: the first statement keyword outside parentheses.</summary>
    private static int TsqlConditionEnd(StatementView s, int from)
    {
        var depth = 0;
        for (var j = from; j < s.Count; j++)
        {
            if (s.IsPunct(j, '(')) depth++;
            else if (s.IsPunct(j, ')')) depth--;
            else if (depth == 0 && j > from && s[j].Kind == SqlTokenKind.Word && IsTsqlStatementWord(s, j)) return j;
        }
        return s.Count;
    }

    private static readonly HashSet<string> s_tsqlStatementWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "ALTER", "CREATE", "DROP", "TRUNCATE", "INSERT", "UPDATE", "DELETE", "MERGE", "EXEC", "EXECUTE", "GRANT", "REVOKE", "DENY",
        "DECLARE", "PRINT", "IF", "WHILE", "BEGIN", "SET", "SELECT", "RETURN", "RAISERROR", "THROW", "BREAK", "CONTINUE", "WITH",
    };

    private static bool IsTsqlStatementWord(StatementView s, int j) => s_tsqlStatementWords.Contains(s.Span(j).ToString());

    /// <summary>An ELSE of T-SQL IF outside parentheses and CASE ... END, or -1.</summary>
    private static int TopLevelElse(StatementView s, int from)
    {
        var depth = 0;
        var cases = 0;
        for (var j = from; j < s.Count; j++)
        {
            if (s.IsPunct(j, '(')) depth++;
            else if (s.IsPunct(j, ')')) depth--;
            else if (depth != 0) continue;
            else if (s.Is(j, "CASE")) cases++;
            else if (s.Is(j, "END") && cases > 0) cases--;
            else if (cases == 0 && s.Is(j, "ELSE")) return j;
        }
        return -1;
    }

    /// <summary>A statement inside a procedural body: procedural words that run no SQL, EXECUTE of text, or SQL.</summary>
    private void ClassifyProceduralStatement(StatementView s)
    {
        if (s.Count == 0) return;
        if (s.Is(0, "FETCH")) ForgetAssigned(s);
        if (s.Is(0, "RAISE") || s.Is(0, "RETURN") || s.Is(0, "NULL") || s.Is(0, "EXIT") || s.Is(0, "CONTINUE") || s.Is(0, "GET") ||
            s.Is(0, "OPEN") || s.Is(0, "FETCH") || s.Is(0, "CLOSE") || s.Is(0, "MOVE") || s.Is(0, "ASSERT") || s.Is(0, "LEAVE") ||
            s.Is(0, "ITERATE") || s.Is(0, "SIGNAL") || s.Is(0, "RESIGNAL") || s.Is(0, "PRINT") || s.Is(0, "RAISERROR") ||
            s.Is(0, "THROW") || s.Is(0, "BREAK") || s.Is(0, "GOTO") || (s.Is(0, "DECLARE") && _dialect == SqlDialect.MySql))
        {
            return;
        }
        // PL/pgSQL assignment: x := expr (or x = expr).
        if (s.IsName(0) && ((s.IsPunct(1, ':') && s.IsPunct(2, '=')) || (_postgres && s.IsPunct(1, '=')))) return;
        if (s.Is(0, "PERFORM"))
        {
            CallsOfRoutines(s);
            return;
        }
        if (_postgres && s.Is(0, "EXECUTE"))
        {
            var end = s.Count;
            foreach (var word in new[] { "INTO", "USING" })
            {
                var at = s.FindTopLevel(1, s.Count, word);
                if (at > 0) end = Math.Min(end, at);
            }
            if (ConstantText(s, 1, end) is { } sql) AnalyseEmbedded(sql, "EXECUTE of constant text");
            else Add(StatementClass.DynamicSql, $"EXECUTE of SQL built at run time ({Excerpt(s, 1, end)}): what it runs cannot be seen");
            return;
        }
        Classify(s);
    }

    private static string Excerpt(StatementView s, int from, int to)
    {
        var text = s.TextOf(from, to).ReplaceLineEndings(" ");
        return text.Length > 60 ? text[..60] + " ..." : text;
    }

    /// <summary>
    /// The text of a constant string expression in [from, to): string literals (PostgreSQL '..', E'..', $$..$$; T-SQL N'..'),
    /// joined by || or +, or a variable assigned such a constant earlier in the file; null when any part is computed.
    /// </summary>
    private string? ConstantText(StatementView s, int from, int to)
    {
        while (from < to && s.IsPunct(from, '(') && s.SkipParens(from) == to)
        {
            from++;
            to--;
        }
        var sb = new StringBuilder();
        var i = from;
        var expectValue = true;
        while (i < to)
        {
            if (expectValue)
            {
                if (s.Is(i, "N") && s.IsString(i + 1) && s[i].End == s[i + 1].Start) i++;
                if (s.IsString(i))
                {
                    sb.Append(StringValue(s.Span(i)));
                }
                else if (s[i].Kind == SqlTokenKind.Word && s.Span(i).StartsWith("@") && _variables.TryGetValue(s.Span(i).ToString(), out var value))
                {
                    if (value is null) return null;
                    sb.Append(value);
                }
                else
                {
                    return null;
                }
                i++;
                expectValue = false;
                continue;
            }
            if (s.IsPunct(i, '|') && s.IsPunct(i + 1, '|')) i += 2;
            else if (s.IsPunct(i, '+')) i++;
            else return null;
            expectValue = true;
        }
        return expectValue ? null : sb.ToString();
    }

    /// <summary>The value of a string literal token.</summary>
    private string StringValue(ReadOnlySpan<char> literal)
    {
        if (literal.Length > 0 && literal[0] == '$')
        {
            var tagEnd = literal[1..].IndexOf('$') + 2;
            return literal[tagEnd..^tagEnd].ToString();
        }
        var escapes = _dialect == SqlDialect.MySql;
        if (literal.Length > 0 && literal[0] is 'E' or 'e')
        {
            literal = literal[1..];
            escapes = true;
        }
        var quote = literal[0];
        var inner = literal[1..^1];
        var sb = new StringBuilder(inner.Length);
        for (var k = 0; k < inner.Length; k++)
        {
            var c = inner[k];
            if (escapes && c == '\\' && k + 1 < inner.Length)
            {
                var n = inner[++k];
                sb.Append(n switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', _ => n });
                continue;
            }
            if (c == quote && k + 1 < inner.Length && inner[k + 1] == quote) k++;
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>CREATE [OR REPLACE|OR ALTER] FUNCTION/PROCEDURE: remembers its body for a CALL/EXEC later in the file.</summary>
    private bool RecordRoutine(StatementView s, int i)
    {
        if (!(s.Is(i, "FUNCTION") || s.Is(i, "PROCEDURE") || s.Is(i, "PROC"))) return false;
        var (name, next) = s.Name(i + 1);
        if (name.Length == 0) return true;
        if (_dialect == SqlDialect.SqlServer)
        {
            var asAt = s.FindTopLevel(next, s.Count, "AS");
            _routines[name] = new Routine(asAt < 0 ? null : s.TextOf(asAt + 1, s.Count), "tsql");
            return true;
        }
        if (_dialect == SqlDialect.MySql)
        {
            var j = s.IsPunct(next, '(') ? s.SkipParens(next) : next;
            var body = s.FindTopLevel(j, s.Count, "BEGIN");
            _routines[name] = new Routine(body < 0 ? null : s.TextOf(body, s.Count), "mysql");
            return true;
        }
        var language = "sql";
        var languageAt = s.FindTopLevel(next, s.Count, "LANGUAGE");
        if (languageAt >= 0 && languageAt + 1 < s.Count) language = s.IsString(languageAt + 1) ? StringValue(s.Span(languageAt + 1)) : s.Fold(languageAt + 1);
        var atomic = s.FindTopLevel(next, s.Count, "ATOMIC");
        if (atomic > 0 && s.Is(atomic - 1, "BEGIN"))
        {
            _routines[name] = new Routine(s.TextOf(atomic + 1, s.Count - 1), "sql");
            return true;
        }
        var asWord = s.FindTopLevel(next, s.Count, "AS");
        _routines[name] = new Routine(asWord >= 0 && s.IsString(asWord + 1) ? StringValue(s.Span(asWord + 1)) : null, language.ToLowerInvariant());
        return true;
    }

    /// <summary>Runs a routine body where it is called: what it does happens there.</summary>
    private void RunRoutine(string name, string how)
    {
        if (!_routines.TryGetValue(name, out var routine))
        {
            Add(StatementClass.UnclassifiedStatement, $"{how} {name}, which is not defined in this file: what it does cannot be seen");
            return;
        }
        if (routine.Body is null || routine.Language is not ("sql" or "plpgsql" or "tsql" or "mysql"))
        {
            Add(StatementClass.DynamicSql, $"{how} {name}, whose body ({routine.Language}) cannot be read");
            return;
        }
        AnalyseEmbedded(routine.Body, $"in {name} (called here)", procedural: routine.Language != "sql");
    }

    private void ClassifyCall(StatementView s)
    {
        var (name, _) = s.Name(1);
        if (name.Length > 0) RunRoutine(name, "calls procedure");
    }

    /// <summary>SELECT f() / PERFORM f() of a function created in this file runs its body.</summary>
    private void CallsOfRoutines(StatementView s)
    {
        if (_routines.Count == 0) return;
        for (var i = 1; i < s.Count; i++)
        {
            if (s[i].Kind == SqlTokenKind.Word && s.IsPunct(i + 1, '(') && _routines.ContainsKey(s.Fold(i)) && !s.IsPunct(i - 1, '.'))
            {
                RunRoutine(s.Fold(i), "calls function");
            }
        }
    }

    private void ClassifyDo(StatementView s)
    {
        var language = "plpgsql";
        string? body = null;
        for (var i = 1; i < s.Count; i++)
        {
            if (s.Is(i, "LANGUAGE") && i + 1 < s.Count) language = s.IsString(i + 1) ? StringValue(s.Span(i + 1)) : s.Fold(i + 1);
            else if (s.IsString(i) && body is null && !s.Is(i - 1, "LANGUAGE")) body = StringValue(s.Span(i));
        }
        if (body is null || !language.Equals("plpgsql", StringComparison.OrdinalIgnoreCase))
        {
            Add(StatementClass.DynamicSql, $"a DO block in {language} cannot be read, so what it runs cannot be judged");
            return;
        }
        AnalyseEmbedded(body, "in the DO block", procedural: true);
    }

    /// <summary>PostgreSQL PREPARE name AS statement; MySQL PREPARE name FROM 'text' | @var. Judged where EXECUTE runs it.</summary>
    private void ClassifyPrepare(StatementView s)
    {
        if (s.Is(1, "TRANSACTION") || !s.IsName(1)) return;
        var name = s.Fold(1);
        if (_postgres)
        {
            var asAt = s.FindTopLevel(2, s.Count, "AS");
            _prepared[name] = asAt < 0 ? null : s.TextOf(asAt + 1, s.Count);
            return;
        }
        _prepared[name] = s.Is(2, "FROM") ? ConstantText(s, 3, s.Count) : null;
    }

    private void ClassifyExecutePrepared(StatementView s)
    {
        if (!s.IsName(1)) return;
        var name = s.Fold(1);
        if (!_prepared.TryGetValue(name, out var text))
        {
            Add(StatementClass.DynamicSql, $"EXECUTE {name} runs a statement prepared outside this file: what it runs cannot be seen");
            return;
        }
        if (text is null)
        {
            Add(StatementClass.DynamicSql, $"EXECUTE {name} runs a statement built at run time: what it runs cannot be seen");
            return;
        }
        AnalyseEmbedded(text, $"EXECUTE {name}");
    }

    /// <summary>EXPLAIN ANALYZE runs the statement it explains (and so does MySQL's EXPLAIN ANALYZE).</summary>
    private void ClassifyExplain(StatementView s)
    {
        var i = 1;
        var analyze = false;
        if (s.IsPunct(i, '('))
        {
            var close = s.SkipParens(i);
            analyze = IsOptionOn(s, i, close, "ANALYZE", "ANALYSE");
            i = close;
        }
        while (s.Is(i, "ANALYZE") || s.Is(i, "ANALYSE") || s.Is(i, "VERBOSE"))
        {
            analyze |= s.Is(i, "ANALYZE") || s.Is(i, "ANALYSE");
            i++;
        }
        if (analyze && i < s.Count) Nested("EXPLAIN ANALYZE runs it", () => Classify(s.Slice(i, s.Count)));
    }

    private void ClassifyMerge(StatementView s)
    {
        var i = 1;
        if (s.Is(i, "TOP") && s.IsPunct(i + 1, '(')) i = s.SkipParens(i + 1);
        if (s.Is(i, "INTO")) i++;
        if (s.Is(i, "ONLY")) i++;
        var (table, _) = s.Name(i);
        if (table.Length == 0 || IsSessionTable(table) || IsNew(s, i)) return;
        for (var j = i; j < s.Count - 1; j++)
        {
            if (!(s.Is(j, "THEN") && s.Is(j + 1, "DELETE"))) continue;
            var bySource = false;
            for (var k = j - 1; k > i && !s.Is(k, "WHEN"); k--) bySource |= s.Is(k, "SOURCE");
            Add(StatementClass.MergeDelete, bySource
                ? $"deletes every row of {table} that the source lacks (WHEN NOT MATCHED BY SOURCE THEN DELETE)"
                : $"deletes every row of {table} the source matches (WHEN MATCHED THEN DELETE)");
            return;
        }
    }

    /// <summary>T-SQL DECLARE @v type = 'constant': remembered so EXEC(@v) and sp_executesql @v can be read.</summary>
    private void TrackDeclare(StatementView s)
    {
        foreach (var (start, end) in s.SplitTopLevel(1))
        {
            if (s[start].Kind != SqlTokenKind.Word || !s.Span(start).StartsWith("@")) continue;
            var name = s.Span(start).ToString();
            var eq = -1;
            for (var j = start + 1; j < end; j++)
            {
                if (s.IsPunct(j, '=')) { eq = j; break; }
            }
            _variables[name] = eq < 0 ? "" : ConstantText(s, eq + 1, end);
        }
    }

    /// <summary>
    /// T-SQL <c>SELECT @v = expr</c> and <c>FETCH ... INTO @a, @b</c> give variables values read at run time: they are no longer
    /// constants (a cursor loop that builds <c>GRANT ... ON [' + @name + ']</c> is dynamic SQL, not the text with empty names).
    /// </summary>
    private void ForgetAssigned(StatementView s)
    {
        if (_dialect is not (SqlDialect.SqlServer or SqlDialect.MySql) || _variables.Count == 0) return;
        var into = s.Is(0, "FETCH") ? s.FindTopLevel(1, s.Count, "INTO") : -1;
        for (var i = 1; i < s.Count; i++)
        {
            if (s[i].Kind != SqlTokenKind.Word || !s.Span(i).StartsWith("@") || s.Span(i).StartsWith("@@")) continue;
            if ((into >= 0 && i > into) || s.IsPunct(i + 1, '=') || (s.IsPunct(i + 1, ':') && s.IsPunct(i + 2, '=')))
            {
                _variables[s.Span(i).ToString()] = null;
            }
        }
    }

    /// <summary>SET @v = 'constant' (T-SQL, MySQL; := too): a later value that is computed makes the variable unknown.</summary>
    private void TrackVariable(StatementView s)
    {
        if (_dialect is not (SqlDialect.SqlServer or SqlDialect.MySql)) return;
        foreach (var (start, end) in s.SplitTopLevel(1))
        {
            if (s[start].Kind != SqlTokenKind.Word || !s.Span(start).StartsWith("@") || s.Span(start).StartsWith("@@")) continue;
            var j = start + 1;
            if (s.IsPunct(j, ':')) j++;
            if (!s.IsPunct(j, '=')) continue;
            _variables[s.Span(start).ToString()] = ConstantText(s, j + 1, end);
        }
    }

    /// <summary>T-SQL EXEC('...'), EXEC(@v), EXEC sp_executesql N'...' / @v, EXEC proc.</summary>
    private bool ClassifyTsqlExec(StatementView s)
    {
        var i = 1;
        if (s.IsPunct(i, '('))
        {
            var close = s.SkipParens(i);
            if (ConstantText(s, i + 1, close - 1) is { } sql) AnalyseEmbedded(sql, "EXEC of constant text");
            else Add(StatementClass.DynamicSql, $"EXEC of SQL built at run time ({Excerpt(s, i, close)}): what it runs cannot be seen");
            return true;
        }
        // EXEC @rc = proc ...
        if (s[i].Kind == SqlTokenKind.Word && s.Span(i).StartsWith("@") && s.IsPunct(i + 1, '=')) i += 2;
        if (s[i].Kind == SqlTokenKind.Word && s.Span(i).StartsWith("@"))
        {
            Add(StatementClass.DynamicSql, $"EXEC of a procedure named by variable {s.Span(i)}: what it runs cannot be seen");
            return true;
        }
        var (name, next) = s.Name(i);
        if (name.Length == 0) return false;
        if (name is "sp_rename" or "xp_cmdshell") return false;
        if (name == "sp_executesql")
        {
            var j = next;
            if (s[j].Kind == SqlTokenKind.Word && s.Span(j).Equals("@stmt", StringComparison.OrdinalIgnoreCase) && s.IsPunct(j + 1, '=')) j += 2;
            var end = j;
            while (end < s.Count && !s.IsPunct(end, ',')) end++;
            if (ConstantText(s, j, end) is { } sql) AnalyseEmbedded(sql, "sp_executesql of constant text");
            else Add(StatementClass.DynamicSql, $"sp_executesql of SQL built at run time ({Excerpt(s, j, end)}): what it runs cannot be seen");
            return true;
        }
        if (name.StartsWith("sp_", StringComparison.Ordinal) && !_routines.ContainsKey(name))
        {
            Add(StatementClass.UnclassifiedStatement, $"runs system procedure {name}: what it changes is not read");
            return true;
        }
        RunRoutine(name, "executes procedure");
        return true;
    }

    /// <summary>A statement of no kind the analyser knows: never a silent pass.</summary>
    private void ReportUnclassified(StatementView s) =>
        Add(StatementClass.UnclassifiedStatement, $"PipelineGuard does not know this statement ({Excerpt(s, 0, Math.Min(s.Count, 4))}), so it cannot judge what it does");

    /// <summary>SET search_path TO a, b: unqualified names now resolve to a (PostgreSQL).</summary>
    private void TrackSearchPath(StatementView s)
    {
        var i = 1;
        if (s.Is(i, "SESSION") || s.Is(i, "LOCAL")) i++;
        if (!s.Is(i, "search_path")) return;
        i++;
        if (s.Is(i, "TO") || s.IsPunct(i, '=')) i++;
        for (; i < s.Count; i++)
        {
            if (s.IsPunct(i, ',')) continue;
            var value = s.IsString(i) ? StringValue(s.Span(i)) : s[i].Kind == SqlTokenKind.QuotedIdentifier ? s.Span(i)[1..^1].ToString() : s.Fold(i);
            if (value.Split(',')[0].Trim() is { Length: > 0 } first && first != "$user" && first != "\"$user\"")
            {
                _defaultSchema = first.Trim('"');
                return;
            }
        }
    }
}
