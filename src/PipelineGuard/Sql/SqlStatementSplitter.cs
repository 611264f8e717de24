namespace PipelineGuard.Sql;

/// <summary>One statement: its code tokens <c>[FirstToken, FirstToken + TokenCount)</c>, its text span and where it starts.</summary>
public readonly record struct SqlStatement(int FirstToken, int TokenCount, int Start, int End, int Line, int Column)
{
    public string Text(string source) => source[Start..End];
}

/// <summary>
/// Splits a token list into statements: at the terminator outside parentheses and routine bodies
/// (BEGIN ... END, BEGIN ATOMIC, CASE ... END), at custom delimiters and at T-SQL GO lines.
/// </summary>
public static class SqlStatementSplitter
{
    public static List<SqlStatement> Split(SqlTokenList tokens, SqlDialect dialect)
    {
        var code = tokens.Code;
        var text = tokens.Text;
        var statements = new List<SqlStatement>(Math.Max(4, code.Count / 12));
        var first = -1;
        var paren = 0;
        var block = 0;
        var routine = false;
        var sawBlock = false;
        var caseDepth = 0;
        var sawSet = false;
        var creating = false;
        var tsql = dialect == SqlDialect.SqlServer;

        void Close(int endToken, int endOffset)
        {
            if (first < 0) return;
            var start = code[first].Start;
            var end = endOffset;
            while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
            statements.Add(new SqlStatement(first, endToken - first, start, end, code[first].Line, code[first].Column));
            first = -1;
        }

        for (var i = 0; i < code.Count; i++)
        {
            var t = code[i];
            switch (t.Kind)
            {
                case SqlTokenKind.Delimiter or SqlTokenKind.DelimiterChange:
                    Close(i, t.Start);
                    continue;
                case SqlTokenKind.Semicolon:
                    if (first < 0) continue;
                    if (paren <= 0 && block <= 0)
                    {
                        Close(i, t.End);
                    }
                    continue;
            }

            if (first >= 0 && tsql && paren <= 0 && block <= 0 && caseDepth <= 0 && (!routine || sawBlock) &&
                IsFirstOnLine(text, t) && StartsTsqlStatement(tokens, i, code[first], sawSet))
            {
                Close(i, t.Start);
            }

            if (first < 0)
            {
                first = i;
                paren = block = caseDepth = 0;
                routine = sawBlock = sawSet = false;
                creating = t.Kind == SqlTokenKind.Word && IsCreateOrAlter(tokens, t, tsql);
            }

            if (t.Kind == SqlTokenKind.Punctuation)
            {
                var c = text[t.Start];
                if (c == '(') paren++;
                else if (c == ')') paren--;
                continue;
            }
            if (t.Kind != SqlTokenKind.Word) continue;

            var word = tokens.Span(t);
            var position = i - first;
            if (creating && !routine && position is > 0 and < 12)
            {
                // Only the object word decides: CREATE TABLE event (.., begin int) names no routine.
                if (IsRoutineWord(word)) routine = true;
                else if (!IsCreateModifier(tokens, i)) creating = false;
            }
            // Only SET, END, CASE and BEGIN matter below: skip the comparisons for every other length.
            if (word.Length is < 3 or > 5) continue;
            if (word.Equals("SET", StringComparison.OrdinalIgnoreCase)) sawSet = true;

            if (word.Equals("BEGIN", StringComparison.OrdinalIgnoreCase) && routine && !IsTransactionBegin(tokens, i) &&
                (dialect != SqlDialect.Postgres || IsAtomic(tokens, i)))
            {
                block++;
                sawBlock = true;
            }
            else if (word.Equals("CASE", StringComparison.OrdinalIgnoreCase))
            {
                if (block > 0) block++;
                else caseDepth++;
            }
            else if (word.Equals("END", StringComparison.OrdinalIgnoreCase))
            {
                if (block > 0)
                {
                    if (tsql || !EndsControlFlow(tokens, i)) block--;
                }
                else if (caseDepth > 0)
                {
                    caseDepth--;
                }
            }
        }
        Close(code.Count, text.Length);
        return statements;
    }

    private static bool IsRoutineWord(ReadOnlySpan<char> w) =>
        w.Equals("FUNCTION", StringComparison.OrdinalIgnoreCase) || w.Equals("PROCEDURE", StringComparison.OrdinalIgnoreCase) ||
        w.Equals("PROC", StringComparison.OrdinalIgnoreCase) || w.Equals("TRIGGER", StringComparison.OrdinalIgnoreCase) ||
        w.Equals("EVENT", StringComparison.OrdinalIgnoreCase);

    /// <summary>Words between CREATE and the object word: OR REPLACE / OR ALTER, MySQL's DEFINER = user@host and SQL SECURITY, CONSTRAINT, AGGREGATE.</summary>
    private static bool IsCreateModifier(SqlTokenList tokens, int i)
    {
        var w = tokens.Span(tokens.Code[i]);
        if (w.StartsWith("@")) return true;
        var previous = tokens.Code[i - 1];
        // The user after DEFINER = or the host after @.
        if (previous.Kind == SqlTokenKind.Punctuation && tokens.Text[previous.Start] == '=') return true;
        if (previous.Kind == SqlTokenKind.Word && tokens.Span(previous).Equals("@", StringComparison.Ordinal)) return true;
        ReadOnlySpan<string> modifiers =
        [
            "OR", "REPLACE", "ALTER", "DEFINER", "CONSTRAINT", "AGGREGATE", "SQL", "SECURITY", "INVOKER", "ALGORITHM", "UNDEFINED",
            "MERGE", "TEMPTABLE", "CURRENT_USER", "NONEDITIONABLE", "EDITIONABLE", "DEFINITELY",
        ];
        foreach (var m in modifiers)
        {
            if (w.Equals(m, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>PostgreSQL bodies are strings; only BEGIN ATOMIC opens an SQL-standard body in the statement itself.</summary>
    private static bool IsAtomic(SqlTokenList tokens, int i) =>
        i + 1 < tokens.Code.Count && tokens.Code[i + 1].Kind == SqlTokenKind.Word &&
        tokens.Span(tokens.Code[i + 1]).Equals("ATOMIC", StringComparison.OrdinalIgnoreCase);

    private static bool IsCreateOrAlter(SqlTokenList tokens, SqlToken first, bool tsql)
    {
        var w = tokens.Span(first);
        return w.Equals("CREATE", StringComparison.OrdinalIgnoreCase) || (tsql && w.Equals("ALTER", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>BEGIN that starts a transaction, not a block: BEGIN; BEGIN TRANSACTION; BEGIN WORK.</summary>
    private static bool IsTransactionBegin(SqlTokenList tokens, int i)
    {
        if (i + 1 >= tokens.Code.Count) return true;
        var next = tokens.Code[i + 1];
        if (next.Kind is SqlTokenKind.Semicolon or SqlTokenKind.Delimiter) return true;
        if (next.Kind != SqlTokenKind.Word) return false;
        var w = tokens.Span(next);
        return w.Equals("TRANSACTION", StringComparison.OrdinalIgnoreCase) || w.Equals("TRAN", StringComparison.OrdinalIgnoreCase) ||
               w.Equals("WORK", StringComparison.OrdinalIgnoreCase) || w.Equals("DISTRIBUTED", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>END IF / END LOOP / END WHILE / END REPEAT / END FOR close control flow that never opened a block.</summary>
    private static bool EndsControlFlow(SqlTokenList tokens, int i)
    {
        if (i + 1 >= tokens.Code.Count) return false;
        var next = tokens.Code[i + 1];
        if (next.Kind != SqlTokenKind.Word) return false;
        var w = tokens.Span(next);
        return w.Equals("IF", StringComparison.OrdinalIgnoreCase) || w.Equals("LOOP", StringComparison.OrdinalIgnoreCase) ||
               w.Equals("WHILE", StringComparison.OrdinalIgnoreCase) || w.Equals("REPEAT", StringComparison.OrdinalIgnoreCase) ||
               w.Equals("FOR", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsFirstOnLine(string text, SqlToken t)
    {
        for (var p = t.Start - 1; p >= 0; p--)
        {
            var c = text[p];
            if (c == '\n') return true;
            if (c is not (' ' or '\t' or '\r')) return false;
        }
        return true;
    }

    /// <summary>T-SQL needs no terminator: a statement keyword first on its line starts a new statement.</summary>
    private static bool StartsTsqlStatement(SqlTokenList tokens, int i, SqlToken statementFirst, bool sawSet)
    {
        var t = tokens.Code[i];
        if (t.Kind != SqlTokenKind.Word) return false;
        var w = tokens.Span(t);
        ReadOnlySpan<string> starters =
        [
            "ALTER", "CREATE", "DROP", "TRUNCATE", "INSERT", "UPDATE", "DELETE", "MERGE", "EXEC", "EXECUTE",
            "GRANT", "REVOKE", "DENY", "DECLARE", "PRINT", "IF", "WHILE", "COMMIT", "ROLLBACK", "USE", "RAISERROR", "THROW",
        ];
        foreach (var s in starters)
        {
            if (w.Equals(s, StringComparison.OrdinalIgnoreCase)) return true;
        }
        if (w.Equals("SET", StringComparison.OrdinalIgnoreCase))
        {
            var firstWord = tokens.Span(statementFirst);
            var updating = firstWord.Equals("UPDATE", StringComparison.OrdinalIgnoreCase) || firstWord.Equals("MERGE", StringComparison.OrdinalIgnoreCase);
            return !updating || sawSet;
        }
        if (w.Equals("BEGIN", StringComparison.OrdinalIgnoreCase)) return IsTransactionBegin(tokens, i);
        return false;
    }
}
