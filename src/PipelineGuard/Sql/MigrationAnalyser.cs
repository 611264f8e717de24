namespace PipelineGuard.Sql;

/// <summary>
/// Classifies the statements of one migration file in order, tracking what earlier statements did:
/// tables and indexes created in the file, constraints added NOT VALID and validated, the transaction
/// state and the timeouts set. Only top-level statements are classified: bodies of functions, strings
/// and comments are never taken for executed DDL/DML.
/// </summary>
public sealed partial class MigrationAnalyser
{
    private readonly SqlTokenList _tokens;
    private readonly SqlAnalysisSettings _settings;
    private readonly SqlDialect _dialect;
    private readonly bool _postgres;
    private readonly HashSet<string> _createdTables = new(StringComparer.Ordinal);
    private readonly HashSet<string> _createdIndexes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingConstraint> _notValid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _validatedNotNull = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _validatedUnknown = new(StringComparer.Ordinal);
    private readonly List<StatementFinding> _findings = [];
    private bool _explicitTransaction;
    private int _transactionDepth;
    private bool _assumedTransactionOpen;
    private bool _assumeInTransaction;
    private int _transactionId;
    private AnalysedStatementPosition? _openedAt;
    private bool _loneStatement;
    private bool _lockTimeoutSet;
    private bool _statementTimeoutSet;
    private RequirementGap? _missingLockTimeout;
    private RequirementGap? _missingStatementTimeout;
    private RequirementGap? _missingTransaction;

    private readonly record struct AnalysedStatementPosition(int Line, int Column, SourceSpan Source);

    private sealed record PendingConstraint(string Table, string? NotNullColumn, int TransactionId, bool ForeignKey);

    private MigrationAnalyser(SqlTokenList tokens, SqlAnalysisSettings settings)
    {
        _tokens = tokens;
        _settings = settings;
        _dialect = settings.Dialect;
        _postgres = _dialect == SqlDialect.Postgres;
        _assumeInTransaction = settings.AssumeInTransaction;
        _defaultSchema = DefaultSchemaOf(_dialect);
    }

    /// <summary>Lexes, splits and classifies <paramref name="text"/>. Throws <see cref="SqlSyntaxException"/> when it cannot be lexed.</summary>
    public static FileAnalysis Analyse(string text, SqlAnalysisSettings settings)
    {
        // The token buffers are reused per thread: an analysis keeps no token, only spans of the text.
        var buffers = t_buffers ??= ([], []);
        var result = Analyse(SqlLexer.Tokenize(text, SqlLexerOptions.For(settings.Dialect), buffers.Code, buffers.Comments), settings);
        if (buffers.Code.Capacity > 1 << 20)
        {
            t_buffers = null;
        }
        return result;
    }

    [ThreadStatic]
    private static (List<SqlToken> Code, List<SqlToken> Comments)? t_buffers;

    /// <summary>Where each statement starts and what kind it is (PostgreSQL parse-node names), for the parser-oracle tests.</summary>
    public static IReadOnlyList<StatementOutline> Outline(string text, SqlDialect dialect)
    {
        var tokens = SqlLexer.Tokenize(text, SqlLexerOptions.For(dialect));
        var split = SplitStatements.Of(tokens, dialect);
        return [.. split.Statements.Select((s, k) => new StatementOutline(s.Start, s.Line,
            split.Kinds is { } kinds ? kinds[k] : StatementKinds.KindOf(new StatementView(tokens, s), dialect)))];
    }

    public static FileAnalysis Analyse(SqlTokenList tokens, SqlAnalysisSettings settings) =>
        new MigrationAnalyser(tokens, settings).Run();

    private FileAnalysis Run()
    {
        var split = SplitStatements.Of(_tokens, _dialect);
        var statements = split.Statements;
        var directives = CommentDirectives.Read(_tokens);
        // A lone statement sent by the tool is not a transaction block, so CONCURRENTLY works there (Squawk agrees).
        if (directives.DisableAssumeInTransaction) _assumeInTransaction = false;
        _loneStatement = statements.Count == 1;
        _assumedTransactionOpen = _assumeInTransaction;

        var result = new List<AnalysedStatement>(statements.Count);
        foreach (var statement in statements)
        {
            _findings.Clear();
            var view = new StatementView(_tokens, statement);
            var source = new SourceSpan(_tokens.Text, statement.Start, statement.End);
            _position = new AnalysedStatementPosition(statement.Line, statement.Column, source);
            if (split.Leaves?[result.Count] is { } leaves)
            {
                // IF / WHILE / BEGIN ... END / TRY ... CATCH as SQL Server's parser reads them: what they run is judged.
                foreach (var leaf in leaves) ClassifyProceduralStatement(new StatementView(_tokens, leaf));
            }
            else
            {
                Classify(view);
            }
            if (split.Unparsed is { } unparsed && split.UnparsedIndex == result.Count) Add(StatementClass.UnclassifiedStatement, unparsed);
            var section = directives.SectionAt(statement.Start);
            var allows = directives.AllowsFor(statements, result.Count);
            result.Add(new AnalysedStatement(statement.Line, statement.Column, source, section,
                _findings.Count == 0 ? [] : [.. _findings], allows));
        }
        if (_explicitTransaction && !_assumeInTransaction && _openedAt is { } opened)
        {
            var index = result.FindIndex(s => s.Line == opened.Line && s.Column == opened.Column);
            if (index >= 0)
            {
                var s = result[index];
                result[index] = s with
                {
                    Findings = [.. s.Findings, new StatementFinding(StatementClass.UncommittedTransaction, "this transaction is never committed or rolled back in the file")],
                };
            }
        }
        return new FileAnalysis(result, _missingLockTimeout, _missingStatementTimeout, _missingTransaction, directives.Problems);
    }

    private bool InTransaction => _explicitTransaction || _assumedTransactionOpen;

    private void Add(StatementClass value, string message) => _findings.Add(new StatementFinding(value, message));

    /// <summary>True only when a table of exactly this resolved name was created earlier in the file (IF NOT EXISTS never counts).</summary>
    private bool IsNew(StatementView s, int i) => IsNewKey(KeyOf(s, i));

    private bool IsNewKey(string key) => key.Length > 0 && _createdTables.Contains(key);

    /// <summary>The resolved name at <paramref name="i"/>; an unqualified PostgreSQL name finds a temporary table first, as search_path does.</summary>
    private string KeyOf(StatementView s, int i)
    {
        var (key, next) = s.Resolve(i, _dialect, _defaultSchema);
        if (_postgres && key.Length > 0 && next == i + 1)
        {
            var temp = "pg_temp." + key[(key.IndexOf('.', StringComparison.Ordinal) + 1)..];
            if (_createdTables.Contains(temp)) return temp;
        }
        return key;
    }

    /// <summary>T-SQL #temp tables and @table variables live only in the session: changing them loses nothing. Other dialects have no such names.</summary>
    private bool IsSessionTable(string name) => _dialect == SqlDialect.SqlServer && name.Length > 0 && name[0] is '#' or '@';

    private void Classify(StatementView s)
    {
        if (s.Count == 0) return;
        var position = _position;
        var concurrent = false;
        var findingsBefore = _findings.Count;
        var first = s.Span(0);
        if (s[0].Kind == SqlTokenKind.Word && first.Length <= 16)
        {
            Span<char> upper = stackalloc char[16];
            var keyword = upper[..first.ToUpperInvariant(upper)];
            switch (keyword)
            {
                case "WITH": ClassifyWith(s); break;
                case "DELETE" or "UPDATE": CheckWhere(s, 0, s.Count); break;
                case "TRUNCATE": ClassifyTruncate(s); break;
                case "DROP": concurrent = ClassifyDrop(s); break;
                case "ALTER": concurrent = ClassifyAlter(s); break;
                case "CREATE": concurrent = ClassifyCreate(s); break;
                case "REINDEX": concurrent = ClassifyReindex(s); break;
                case "VACUUM": ClassifyVacuum(s); break;
                case "CLUSTER":
                    if (_postgres) Add(StatementClass.TableRewrite, "CLUSTER rewrites the table under an ACCESS EXCLUSIVE lock");
                    break;
                case "OPTIMIZE" when _dialect == SqlDialect.MySql:
                    Add(StatementClass.TableRewrite, "OPTIMIZE TABLE rebuilds the table");
                    break;
                case "DO" when _postgres: ClassifyDo(s); break;
                case "PREPARE" when _postgres || _dialect == SqlDialect.MySql: ClassifyPrepare(s); break;
                case "EXECUTE" when _postgres || _dialect == SqlDialect.MySql: ClassifyExecutePrepared(s); break;
                case "CALL": ClassifyCall(s); break;
                case "EXPLAIN" or "DESCRIBE" or "DESC": ClassifyExplain(s); break;
                case "MERGE": ClassifyMerge(s); break;
                case "IF" or "WHILE" or "ELSE" or "BEGIN" or "END" when _dialect == SqlDialect.SqlServer && !IsTsqlTransaction(s):
                    ClassifyProcedural(s, "");
                    break;
                case "DECLARE" when _dialect == SqlDialect.SqlServer: TrackDeclare(s); break;
                case "RENAME" when s.Is(1, "TABLE"):
                    Add(StatementClass.RenameTable, $"renames table {s.Name(2).Name}");
                    break;
                case "EXEC" or "EXECUTE" or "SP_RENAME" or "XP_CMDSHELL": ClassifyExec(s); break;
                case "GRANT": Add(StatementClass.Grant, "grants privileges"); break;
                case "REVOKE": Add(StatementClass.Revoke, "revokes privileges"); break;
                case "DENY" when _dialect == SqlDialect.SqlServer: Add(StatementClass.Revoke, "denies privileges"); break;
                case "COPY" when _postgres: ClassifyCopy(s); break;
                case "SELECT": ClassifySelect(s); CallsOfRoutines(s); ForgetAssigned(s); break;
                case "FETCH" when _dialect == SqlDialect.SqlServer: ForgetAssigned(s); break;
                case "BEGIN" or "START": ClassifyBegin(s, position); break;
                case "COMMIT" or "END" or "ROLLBACK" or "ABORT": ClassifyEnd(s); break;
                case "SET":
                    ClassifySet(s);
                    TrackVariable(s);
                    if (_postgres) TrackSearchPath(s);
                    break;
                case "PRAGMA" when _dialect == SqlDialect.Sqlite && s.Is(1, "busy_timeout"): _lockTimeoutSet = true; break;
            }
        }
        if (_findings.Count == findingsBefore && StatementKinds.KindOf(s, _dialect) is null) ReportUnclassified(s);
        if (concurrent && (_explicitTransaction || (_assumedTransactionOpen && !_loneStatement)))
        {
            Add(StatementClass.ConcurrentInTransaction, _explicitTransaction
                ? "a CONCURRENTLY operation cannot run inside the transaction opened earlier in this file"
                : "a CONCURRENTLY operation cannot run inside the transaction the migration tool wraps this file in");
        }
        var needsGap = (!_lockTimeoutSet && _missingLockTimeout is null) || (!_statementTimeoutSet && _missingStatementTimeout is null) ||
                       (!InTransaction && !concurrent && _missingTransaction is null);
        if (needsGap && TakesLocks(s))
        {
            var gap = new RequirementGap(position.Line, position.Column, position.Source.Excerpt());
            if (!_lockTimeoutSet) _missingLockTimeout ??= gap;
            if (!_statementTimeoutSet) _missingStatementTimeout ??= gap;
            if (!InTransaction && !concurrent) _missingTransaction ??= gap;
        }
    }

    /// <summary>Statements that take table or catalog locks, the ones a lock/statement timeout protects against.</summary>
    private static bool TakesLocks(StatementView s)
    {
        var w = s.Span(0);
        if (s[0].Kind != SqlTokenKind.Word || w.Length > 16) return false;
        Span<char> upper = stackalloc char[16];
        return upper[..w.ToUpperInvariant(upper)] is "ALTER" or "CREATE" or "DROP" or "COMMENT" or "LOCK" or "VACUUM" or "REINDEX" or
            "CLUSTER" or "REFRESH" or "TRUNCATE" or "RENAME" or "OPTIMIZE";
    }

    private void ClassifyWith(StatementView s)
    {
        var i = 1;
        if (s.Is(i, "RECURSIVE")) i++;
        while (i < s.Count && s.IsName(i))
        {
            i++;
            if (s.IsPunct(i, '(')) i = s.SkipParens(i);
            if (!s.Is(i, "AS")) return;
            i++;
            if (s.Is(i, "NOT")) i++;
            if (s.Is(i, "MATERIALIZED")) i++;
            if (!s.IsPunct(i, '(')) return;
            var close = s.SkipParens(i);
            // A data-modifying CTE deletes or updates as surely as the main statement.
            if (s.Is(i + 1, "DELETE") || s.Is(i + 1, "UPDATE")) CheckWhere(s, i + 1, close - 1);
            i = close;
            if (!s.IsPunct(i, ',')) break;
            i++;
        }
        if (s.Is(i, "DELETE") || s.Is(i, "UPDATE")) CheckWhere(s, i, s.Count);
    }

    private void CheckWhere(StatementView s, int verb, int end)
    {
        var deleting = s.Is(verb, "DELETE");
        if (!deleting && s.Is(verb + 1, "STATISTICS")) return;
        var i = verb + 1;
        if (deleting && s.Is(i, "TOP") && s.IsPunct(i + 1, '(')) i = s.SkipParens(i + 1);
        if (deleting && s.Is(i, "FROM")) i++;
        if (s.Is(i, "ONLY")) i++;
        var (table, _) = s.Name(i);
        if (table.Length == 0 || IsSessionTable(table) || IsNew(s, i)) return;
        if (s.FindTopLevel(verb + 1, end, "WHERE") >= 0) return;
        if (deleting) Add(StatementClass.DeleteWithoutWhere, $"deletes every row of {table} (no WHERE clause)");
        else Add(StatementClass.UpdateWithoutWhere, $"updates every row of {table} (no WHERE clause)");
    }

    private void ClassifyTruncate(StatementView s)
    {
        var i = 1;
        if (s.Is(i, "TABLE")) i++;
        var names = new List<string>();
        var old = new List<string>();
        while (i < s.Count)
        {
            if (s.Is(i, "ONLY")) i++;
            var (name, next) = s.Name(i);
            if (name.Length == 0) break;
            names.Add(name);
            if (!IsNew(s, i) && !IsSessionTable(name)) old.Add(name);
            i = next;
            if (s.IsPunct(i, '*')) i++;
            if (!s.IsPunct(i, ',')) break;
            i++;
        }
        if (names.Count > 0 && old.Count == 0) return;
        var cascade = s.FindTopLevel(i, s.Count, "CASCADE") >= 0;
        Add(cascade ? StatementClass.TruncateCascade : StatementClass.Truncate,
            $"removes every row of {string.Join(", ", old)}{(cascade ? " and, with CASCADE, every table referencing them" : "")}");
    }

    private bool ClassifyDrop(StatementView s)
    {
        var i = 1;
        if (s.Is(i, "TEMPORARY")) return false;
        if (s.Is(i, "TABLE"))
        {
            i++;
            if (s.Is(i, "IF") && s.Is(i + 1, "EXISTS")) i += 2;
            var old = new List<string>();
            var keys = new List<string>();
            while (i < s.Count)
            {
                var (name, next) = s.Name(i);
                if (name.Length == 0) break;
                var key = KeyOf(s, i);
                keys.Add(key);
                if (!IsNewKey(key) && !IsSessionTable(name)) old.Add(name);
                i = next;
                if (!s.IsPunct(i, ',')) break;
                i++;
            }
            if (old.Count > 0) Add(StatementClass.DropTable, $"drops table {string.Join(", ", old)} and all of its rows");
            foreach (var k in keys) _createdTables.Remove(k);
            return false;
        }
        if (s.Is(i, "SCHEMA"))
        {
            if (_dialect == SqlDialect.MySql) Add(StatementClass.DropDatabase, "drops a database (SCHEMA is DATABASE in MySQL) and all of its data");
            else Add(StatementClass.DropSchema, "drops a schema and every object in it");
            return false;
        }
        if (s.Is(i, "DATABASE"))
        {
            Add(StatementClass.DropDatabase, "drops a whole database");
            return false;
        }
        if (s.Is(i, "OWNED"))
        {
            Add(StatementClass.DropCascade, "DROP OWNED drops every object the role owns, tables and their rows included");
            return false;
        }
        if (s.FindTopLevel(i, s.Count, "CASCADE") >= 0 && !s.Is(i, "INDEX"))
        {
            Add(StatementClass.DropCascade, $"DROP {s.Span(i).ToString().ToUpperInvariant()} ... CASCADE also drops what depends on it (columns of a type, tables and views using it)");
        }
        if (s.Is(i, "INDEX"))
        {
            i++;
            var concurrently = s.Is(i, "CONCURRENTLY");
            if (concurrently) i++;
            if (s.Is(i, "IF") && s.Is(i + 1, "EXISTS")) i += 2;
            var (name, _) = s.Name(i);
            if (_postgres && !concurrently && !_createdIndexes.Contains(KeyOf(s, i)))
            {
                Add(StatementClass.DropIndexBlocking, $"drops index {name} without CONCURRENTLY: the table is locked ACCESS EXCLUSIVE meanwhile");
            }
            return concurrently;
        }
        return false;
    }

    private bool ClassifyCreate(StatementView s)
    {
        var i = 1;
        if (s.Is(i, "OR") && s.Is(i + 1, "REPLACE")) i += 2;
        if (s.Is(i, "UNIQUE")) i++;
        if (s.Is(i, "CLUSTERED") || s.Is(i, "NONCLUSTERED")) i++;
        if (s.Is(i, "INDEX"))
        {
            i++;
            var concurrently = s.Is(i, "CONCURRENTLY");
            if (concurrently) i++;
            var ifNotExists = s.Is(i, "IF") && s.Is(i + 1, "NOT") && s.Is(i + 2, "EXISTS");
            if (ifNotExists) i += 3;
            var indexKey = "";
            if (!s.Is(i, "ON"))
            {
                indexKey = KeyOf(s, i);
                (_, i) = s.Name(i);
            }
            if (!s.Is(i, "ON")) return concurrently;
            i++;
            if (s.Is(i, "ONLY")) i++;
            var (table, _) = s.Name(i);
            // An index lives in its table's schema; IF NOT EXISTS may have found one that was already there.
            if (indexKey.Length > 0 && !ifNotExists) _createdIndexes.Add(indexKey);
            if (IsNew(s, i) || IsSessionTable(table)) return concurrently;
            if (_postgres && !concurrently)
            {
                Add(StatementClass.CreateIndexBlocking, $"builds an index on {table} without CONCURRENTLY: writes to {table} are blocked until it is built");
            }
            else if (_dialect == SqlDialect.SqlServer && !HasOnlineOn(s, i))
            {
                Add(StatementClass.CreateIndexBlocking, $"builds an index on {table} offline: the table is locked until it is built (use WITH (ONLINE = ON))");
            }
            return concurrently;
        }
        var temporary = false;
        while (s.Is(i, "TEMP") || s.Is(i, "TEMPORARY") || s.Is(i, "UNLOGGED") || s.Is(i, "GLOBAL") || s.Is(i, "LOCAL") || s.Is(i, "VIRTUAL"))
        {
            temporary |= s.Is(i, "TEMP") || s.Is(i, "TEMPORARY");
            i++;
        }
        if (RecordRoutine(s, i)) return false;
        if (s.Is(i, "TABLE"))
        {
            i++;
            // IF NOT EXISTS never proves the table was created here: it may have existed, rows and all.
            if (s.Is(i, "IF") && s.Is(i + 1, "NOT") && s.Is(i + 2, "EXISTS")) return false;
            var (key, next) = s.Resolve(i, _dialect, _defaultSchema);
            if (key.Length == 0) return false;
            if (_postgres && temporary && next == i + 1) key = "pg_temp." + key[(key.IndexOf('.', StringComparison.Ordinal) + 1)..];
            _createdTables.Add(key);
        }
        return false;
    }

    private static bool HasOnlineOn(StatementView s, int from)
    {
        for (var i = from; i < s.Count - 2; i++)
        {
            if (s.Is(i, "ONLINE") && s.IsPunct(i + 1, '=') && s.Is(i + 2, "ON")) return true;
        }
        return false;
    }

    private bool ClassifyReindex(StatementView s)
    {
        var i = 1;
        var concurrently = false;
        if (s.IsPunct(i, '('))
        {
            var close = s.SkipParens(i);
            concurrently = IsOptionOn(s, i, close, "CONCURRENTLY");
            i = close;
        }
        if (s.Is(i, "SYSTEM")) return false;
        if (s.Is(i + 1, "CONCURRENTLY")) concurrently = true;
        if (_postgres && !concurrently)
        {
            Add(StatementClass.ReindexBlocking, "REINDEX without CONCURRENTLY blocks writes (and reads through the index) until it finishes");
        }
        return concurrently;
    }

    /// <summary>Whether a parenthesised option list [open, close) names one of <paramref name="names"/> without turning it off.</summary>
    private static bool IsOptionOn(StatementView s, int open, int close, params string[] names)
    {
        foreach (var name in names)
        {
            var at = s.Find(open, close, name);
            if (at >= 0) return !IsFalse(s, at + 1);
        }
        return false;
    }

    /// <summary>An option value that turns the option off: false, off, 0, 'false'.</summary>
    private static bool IsFalse(StatementView s, int i)
    {
        if (i >= s.Count) return false;
        var span = s.Span(i).Trim('\'');
        if (span.Length > 0 && (span[0] is 'E' or 'e') && s.Span(i).Length > 1 && s.Span(i)[1] == '\'') span = span[1..].Trim('\'');
        if (span.StartsWith("U&", StringComparison.Ordinal)) span = span[2..].Trim('\'');
        if (s.Is(i, "U") && s.IsPunct(i + 1, '&') && s.IsString(i + 2)) span = s.Span(i + 2).Trim('\'');
        return span.Equals("false", StringComparison.OrdinalIgnoreCase) || span.Equals("off", StringComparison.OrdinalIgnoreCase) || span is "0";
    }

    private void ClassifyVacuum(StatementView s)
    {
        if (!_postgres) return;
        var i = 1;
        var full = false;
        if (s.IsPunct(i, '('))
        {
            full = IsOptionOn(s, i, s.SkipParens(i), "FULL");
        }
        else
        {
            full = s.Is(i, "FULL");
        }
        if (full) Add(StatementClass.TableRewrite, "VACUUM FULL rewrites the table under an ACCESS EXCLUSIVE lock");
    }

    private void ClassifyExec(StatementView s)
    {
        if (_dialect == SqlDialect.SqlServer && (s.Is(0, "EXEC") || s.Is(0, "EXECUTE")) && ClassifyTsqlExec(s)) return;
        for (var i = 0; i < Math.Min(s.Count, 8); i++)
        {
            if (s.Is(i, "sp_rename"))
            {
                var args = new List<string>();
                for (var j = i + 1; j < s.Count; j++)
                {
                    if (s.IsString(j)) args.Add(Unquote(s.Span(j)));
                }
                var kind = args.Count >= 3 ? args[2].ToUpperInvariant() : "";
                var what = args.Count > 0 ? args[0] : "an object";
                if (kind == "COLUMN") Add(StatementClass.RenameColumn, $"sp_rename renames column {what}");
                else if (kind.Length == 0) Add(StatementClass.RenameTable, $"sp_rename renames {what}");
                return;
            }
            if (s.Is(i, "xp_cmdshell"))
            {
                Add(StatementClass.CopyToProgram, "xp_cmdshell runs a shell command on the database server");
                return;
            }
        }
    }

    private static string Unquote(ReadOnlySpan<char> literal)
    {
        if (literal.Length > 0 && literal[0] is 'N' or 'n' or 'E' or 'e') literal = literal[1..];
        return literal.Trim('\'').ToString().Replace("''", "'", StringComparison.Ordinal);
    }

    private void ClassifyCopy(StatementView s)
    {
        if (s.Find(1, s.Count, "PROGRAM") >= 0)
        {
            Add(StatementClass.CopyToProgram, "COPY ... PROGRAM runs a shell command on the database server");
            return;
        }
        var to = s.FindTopLevel(1, s.Count, "TO");
        if (to >= 0 && s.IsString(to + 1))
        {
            Add(StatementClass.CopyToProgram, "COPY ... TO a file writes data to the database server's file system");
        }
    }

    private void ClassifySelect(StatementView s)
    {
        for (var i = 1; i < s.Count - 1; i++)
        {
            if (s.Is(i, "INTO") && (s.Is(i + 1, "OUTFILE") || s.Is(i + 1, "DUMPFILE")))
            {
                Add(StatementClass.SelectIntoOutfile, "SELECT ... INTO OUTFILE writes query results to the database server's file system");
                return;
            }
        }
    }

    private void ClassifyBegin(StatementView s, AnalysedStatementPosition position)
    {
        var starting = s.Is(0, "START") ? s.Is(1, "TRANSACTION") : true;
        if (!starting) return;
        if (_dialect == SqlDialect.SqlServer && s.Is(0, "BEGIN") && !(s.Is(1, "TRAN") || s.Is(1, "TRANSACTION") || s.Is(1, "DISTRIBUTED")))
        {
            return;
        }
        if (_dialect == SqlDialect.SqlServer)
        {
            if (_transactionDepth > 0 || _assumedTransactionOpen)
            {
                Add(StatementClass.TransactionNesting, "opens a nested transaction: the inner COMMIT does not commit anything");
            }
            _transactionDepth++;
        }
        else if (InTransaction)
        {
            Add(StatementClass.TransactionNesting, _explicitTransaction
                ? "BEGIN inside an open transaction is ignored: the next COMMIT ends the outer transaction"
                : "BEGIN inside the transaction the migration tool opened: the next COMMIT ends the tool's transaction early");
        }
        if (!_explicitTransaction)
        {
            _transactionId++;
            _openedAt = position;
        }
        _explicitTransaction = true;
    }

    private void ClassifyEnd(StatementView s)
    {
        if (s.Is(0, "END") && _dialect is SqlDialect.SqlServer or SqlDialect.MySql) return;
        if ((s.Is(0, "ROLLBACK") || s.Is(0, "ABORT")) && (s.Is(1, "TO") || s.Is(1, "PREPARED"))) return;
        if (s.Is(0, "COMMIT") && s.Is(1, "PREPARED")) return;
        if (_dialect == SqlDialect.SqlServer && _transactionDepth > 1)
        {
            _transactionDepth--;
            return;
        }
        if (_explicitTransaction)
        {
            _explicitTransaction = false;
            _transactionDepth = 0;
            _openedAt = null;
            return;
        }
        if (_assumedTransactionOpen)
        {
            _assumedTransactionOpen = false;
            Add(StatementClass.TransactionNesting, "ends the transaction the migration tool opened: what follows runs outside any transaction");
            return;
        }
        Add(StatementClass.TransactionNesting, "ends a transaction that this file never opened");
    }

    private void ClassifySet(StatementView s)
    {
        var i = 1;
        if (s.Is(i, "SESSION") || s.Is(i, "LOCAL") || s.Is(i, "GLOBAL")) i++;
        if (s.IsPunct(i, '@') && s.IsPunct(i + 1, '@')) i += 2;
        if (!s.IsName(i) || s.IsPunct(i + 1, '.')) return;
        var name = s.Fold(i).TrimStart('@');
        if (name.StartsWith("session.", StringComparison.Ordinal)) name = name["session.".Length..];
        switch (name)
        {
            case "lock_timeout" or "lock_wait_timeout" or "innodb_lock_wait_timeout":
                _lockTimeoutSet = true;
                break;
            case "statement_timeout" or "max_statement_time" or "max_execution_time":
                _statementTimeoutSet = true;
                break;
        }
    }

    private bool ClassifyAlter(StatementView s)
    {
        var i = 1;
        while (s.Is(i, "ONLINE") || s.Is(i, "IGNORE")) i++;
        if (_dialect == SqlDialect.SqlServer && RecordRoutine(s, i)) return false;
        if (_postgres && s.Is(i, "DOMAIN"))
        {
            ClassifyAlterDomain(s, i + 1);
            return false;
        }
        if (!s.Is(i, "TABLE")) return false;
        i++;
        if (s.Is(i, "IF") && s.Is(i + 1, "EXISTS")) i += 2;
        if (s.Is(i, "ONLY")) i++;
        var (table, next) = s.Name(i);
        if (table.Length == 0) return false;
        var isNew = IsNew(s, i) || IsSessionTable(table);
        i = next;
        if (s.IsPunct(i, '*')) i++;
        // T-SQL: ALTER TABLE t WITH [NO]CHECK ADD CONSTRAINT ... (NOCHECK skips validating existing rows).
        if (s.Is(i, "WITH") && (s.Is(i + 1, "CHECK") || s.Is(i + 1, "NOCHECK"))) i += 2;
        var concurrent = false;
        var previousAction = "";
        foreach (var (start, end) in s.SplitTopLevel(i))
        {
            var action = s.Is(start, "ADD") || s.Is(start, "DROP") || s.Is(start, "ALTER") || s.Is(start, "RENAME") ||
                         s.Is(start, "MODIFY") || s.Is(start, "CHANGE") || s.Is(start, "DETACH") || s.Is(start, "VALIDATE") ||
                         s.Is(start, "SET") || s.Is(start, "FORCE")
                ? s.Span(start).ToString().ToUpperInvariant()
                : "";
            if (action.Length == 0 && previousAction == "ADD" && _dialect == SqlDialect.SqlServer)
            {
                // T-SQL: ALTER TABLE t ADD a int, b int NOT NULL adds both columns.
                ClassifyAddColumn(s, table, isNew, start, end);
                continue;
            }
            previousAction = action;
            concurrent |= ClassifyAlterAction(s, table, isNew, action, start, end);
        }
        return concurrent;
    }

    /// <summary>ALTER DOMAIN d ADD [CONSTRAINT c] CHECK (...) without NOT VALID checks every column of type d in every table, holding SHARE locks on them.</summary>
    private void ClassifyAlterDomain(StatementView s, int i)
    {
        var (domain, next) = s.Name(i);
        if (domain.Length == 0 || !s.Is(next, "ADD")) return;
        var valid = s.FindTopLevel(next, s.Count, "VALID");
        if (valid > 0 && s.Is(valid - 1, "NOT")) return;
        Add(StatementClass.AddConstraintValidating,
            $"ADD CONSTRAINT on domain {domain} checks every existing column of that type, holding a SHARE lock on each table that has one");
    }

    private bool ClassifyAlterAction(StatementView s, string table, bool isNew, string action, int start, int end)
    {
        var i = start + 1;
        switch (action)
        {
            case "ADD":
                if (s.Is(i, "CONSTRAINT"))
                {
                    var (name, next) = s.Name(i + 1);
                    ClassifyAddConstraint(s, table, isNew, name, next, end);
                }
                else if (s.Is(i, "FOREIGN") || s.Is(i, "CHECK") || s.Is(i, "UNIQUE") || s.Is(i, "PRIMARY") || s.Is(i, "EXCLUDE"))
                {
                    ClassifyAddConstraint(s, table, isNew, "", i, end);
                }
                else if (s.Is(i, "INDEX") || s.Is(i, "KEY") || s.Is(i, "FULLTEXT") || s.Is(i, "SPATIAL") || s.Is(i, "PARTITION"))
                {
                    // MySQL builds secondary indexes in place without blocking writes.
                }
                else
                {
                    ClassifyAddColumn(s, table, isNew, i, end);
                }
                return false;
            case "DROP":
                if (s.Is(i, "CONSTRAINT") || s.Is(i, "INDEX") || s.Is(i, "KEY") || s.Is(i, "PRIMARY") || s.Is(i, "FOREIGN") ||
                    s.Is(i, "CHECK") || s.Is(i, "PARTITION") || s.Is(i, "DEFAULT") || s.Is(i, "PERIOD") || s.Is(i, "SYSTEM"))
                {
                    return false;
                }
                if (s.Is(i, "COLUMN")) i++;
                if (s.Is(i, "IF") && s.Is(i + 1, "EXISTS")) i += 2;
                if (!isNew && s.IsName(i))
                {
                    Add(StatementClass.DropColumn, $"drops column {table}.{s.Fold(i)} and its data");
                }
                return false;
            case "ALTER":
                if (s.Is(i, "COLUMN")) i++;
                if (!s.IsName(i)) return false;
                var column = s.Fold(i);
                i++;
                if (s.Is(i, "TYPE") || (s.Is(i, "SET") && s.Is(i + 1, "DATA") && s.Is(i + 2, "TYPE")))
                {
                    if (!isNew) Add(StatementClass.AlterColumnType, $"changes the type of {table}.{column}: most type changes rewrite the table under an ACCESS EXCLUSIVE lock");
                }
                else if (s.Is(i, "SET") && s.Is(i + 1, "NOT") && s.Is(i + 2, "NULL"))
                {
                    if (!isNew) CheckSetNotNull(table, column);
                }
                else if (s.Is(i, "DROP") && s.Is(i + 1, "NOT") && s.Is(i + 2, "NULL"))
                {
                    Add(StatementClass.DropNotNull, $"drops NOT NULL from {table}.{column}: readers may now see NULLs");
                }
                else if (_dialect == SqlDialect.SqlServer && s.IsName(i) && !s.Is(i, "ADD") && !s.Is(i, "DROP"))
                {
                    if (!isNew) Add(StatementClass.AlterColumnType, $"redefines column {table}.{column} (type or nullability): the table is locked while every row is checked or rewritten");
                }
                return false;
            case "MODIFY":
                if (s.Is(i, "COLUMN")) i++;
                if (!isNew && s.IsName(i)) Add(StatementClass.AlterColumnType, $"redefines column {table}.{s.Fold(i)}: MySQL copies the table unless the change is instant");
                return false;
            case "CHANGE":
                if (s.Is(i, "COLUMN")) i++;
                if (isNew || !s.IsName(i) || !s.IsName(i + 1)) return false;
                var oldName = s.Fold(i);
                var newName = s.Fold(i + 1);
                if (oldName != newName) Add(StatementClass.RenameColumn, $"renames column {table}.{oldName} to {newName}");
                else Add(StatementClass.AlterColumnType, $"redefines column {table}.{oldName}");
                return false;
            case "RENAME":
                if (s.Is(i, "TO") || s.Is(i, "AS"))
                {
                    if (!isNew) Add(StatementClass.RenameTable, $"renames table {table} to {s.Name(i + 1).Name}");
                    return false;
                }
                if (s.Is(i, "CONSTRAINT") || s.Is(i, "INDEX") || s.Is(i, "KEY")) return false;
                if (s.Is(i, "COLUMN")) i++;
                if (!isNew && s.IsName(i)) Add(StatementClass.RenameColumn, $"renames column {table}.{s.Fold(i)}");
                return false;
            case "DETACH":
                if (!s.Is(i, "PARTITION")) return false;
                var concurrently = s.Find(i, end, "CONCURRENTLY") >= 0;
                if (_postgres && !concurrently && s.Find(i, end, "FINALIZE") < 0)
                {
                    Add(StatementClass.DetachPartitionBlocking, $"detaches a partition of {table} without CONCURRENTLY: {table} is locked ACCESS EXCLUSIVE");
                }
                return concurrently;
            case "VALIDATE":
                if (s.Is(i, "CONSTRAINT")) Validate(table, s.Fold(i + 1));
                return false;
            case "SET":
                if (!_postgres || isNew) return false;
                if (s.Is(i, "LOGGED") || s.Is(i, "UNLOGGED"))
                {
                    Add(StatementClass.TableRewrite, $"SET {s.Span(i).ToString().ToUpperInvariant()} rewrites {table} under an ACCESS EXCLUSIVE lock");
                }
                else if (s.Is(i, "TABLESPACE"))
                {
                    Add(StatementClass.SetTablespace, $"SET TABLESPACE copies {table} under an ACCESS EXCLUSIVE lock");
                }
                return false;
            case "FORCE":
                if (!isNew && _dialect == SqlDialect.MySql) Add(StatementClass.TableRewrite, $"FORCE rebuilds {table}");
                return false;
            default:
                return false;
        }
    }

    private void CheckSetNotNull(string table, string column)
    {
        if (!_postgres)
        {
            return;
        }
        if (_settings.PostgresVersion >= 12)
        {
            if (_validatedNotNull.TryGetValue(table, out var columns) && columns.Contains(column)) return;
            // A constraint validated here but defined in an earlier migration: trust its name when it names the column.
            if (_validatedUnknown.TryGetValue(table, out var names) && names.Any(n => n.Contains(column, StringComparison.Ordinal))) return;
        }
        Add(StatementClass.SetNotNull, _settings.PostgresVersion >= 12
            ? $"SET NOT NULL on {table}.{column} scans the whole table under an ACCESS EXCLUSIVE lock (no validated CHECK ({column} IS NOT NULL) precedes it)"
            : $"SET NOT NULL on {table}.{column} scans the whole table under an ACCESS EXCLUSIVE lock (PostgreSQL {_settings.PostgresVersion} cannot use a CHECK constraint to skip the scan)");
    }

    private void Validate(string table, string constraint)
    {
        if (_notValid.TryGetValue(constraint, out var pending))
        {
            if (InTransaction && pending.TransactionId == _transactionId)
            {
                Add(StatementClass.AddConstraintValidating,
                    $"validates {constraint} in the same transaction that added it NOT VALID: the ACCESS EXCLUSIVE lock from the ADD is held during the scan");
            }
            if (pending.NotNullColumn is { } column) NotNullValidated(pending.Table, column);
            _notValid.Remove(constraint);
            return;
        }
        if (!_validatedUnknown.TryGetValue(table, out var list)) _validatedUnknown[table] = list = [];
        list.Add(constraint);
    }

    private void NotNullValidated(string table, string column)
    {
        if (!_validatedNotNull.TryGetValue(table, out var set)) _validatedNotNull[table] = set = new HashSet<string>(StringComparer.Ordinal);
        set.Add(column);
    }

    private void ClassifyAddConstraint(StatementView s, string table, bool isNew, string name, int i, int end)
    {
        var notValid = false;
        for (var j = i; j < end - 1; j++)
        {
            if (s.Is(j, "NOT") && s.Is(j + 1, "VALID")) notValid = true;
        }
        if (s.Is(i, "FOREIGN"))
        {
            if (notValid) _notValid[name] = new PendingConstraint(table, null, _transactionId, ForeignKey: true);
            else if (!isNew && _dialect != SqlDialect.Sqlite && !NoCheck(s, end))
            {
                Add(StatementClass.AddForeignKeyValidating, $"adds foreign key {Display(name)}on {table} without NOT VALID: {table} and the referenced table are locked while every row is checked");
            }
            return;
        }
        if (s.Is(i, "CHECK"))
        {
            var column = s.IsPunct(i + 1, '(') ? NotNullCheckColumn(s, i + 1) : null;
            if (notValid)
            {
                _notValid[name] = new PendingConstraint(table, column, _transactionId, ForeignKey: false);
                return;
            }
            if (column is not null) NotNullValidated(table, column);
            if (!isNew && _postgres)
            {
                Add(StatementClass.AddConstraintValidating, $"adds CHECK constraint {Display(name)}on {table} without NOT VALID: the table is scanned under an ACCESS EXCLUSIVE lock");
            }
            return;
        }
        if (s.Is(i, "UNIQUE") || s.Is(i, "PRIMARY") || s.Is(i, "EXCLUDE"))
        {
            var usingIndex = false;
            for (var j = i; j < end - 1; j++)
            {
                if (s.Is(j, "USING") && s.Is(j + 1, "INDEX")) usingIndex = true;
            }
            if (!usingIndex && !isNew && _dialect is SqlDialect.Postgres or SqlDialect.SqlServer)
            {
                var kind = s.Is(i, "PRIMARY") ? "PRIMARY KEY" : s.Span(i).ToString().ToUpperInvariant();
                Add(StatementClass.AddUniqueConstraintBlocking, $"adds {kind} constraint {Display(name)}on {table}, building its index under an ACCESS EXCLUSIVE lock");
            }
        }
    }

    private static string Display(string name) => name.Length == 0 ? "" : name + " ";

    /// <summary>T-SQL WITH NOCHECK adds a foreign key without checking existing rows.</summary>
    private bool NoCheck(StatementView s, int end) =>
        _dialect == SqlDialect.SqlServer && s.Find(0, end, "NOCHECK") >= 0;

    /// <summary>The column of <c>CHECK (col IS NOT NULL)</c>, or null for any other check.</summary>
    private static string? NotNullCheckColumn(StatementView s, int open)
    {
        var close = s.SkipParens(open) - 1;
        var a = open + 1;
        var b = close;
        while (s.IsPunct(a, '(') && s.IsPunct(b - 1, ')') && s.SkipParens(a) == b)
        {
            a++;
            b--;
        }
        var (column, next) = s.Name(a);
        return column.Length > 0 && next + 3 == b && s.Is(next, "IS") && s.Is(next + 1, "NOT") && s.Is(next + 2, "NULL") ? column : null;
    }

    private void ClassifyAddColumn(StatementView s, string table, bool isNew, int i, int end)
    {
        if (s.Is(i, "COLUMN")) i++;
        if (s.Is(i, "IF") && s.Is(i + 1, "NOT") && s.Is(i + 2, "EXISTS")) i += 3;
        if (!s.IsName(i)) return;
        var column = s.Fold(i);
        var type = i + 1 < end && s.IsName(i + 1) ? s.Fold(i + 1) : "";
        var notNull = false;
        var hasDefault = false;
        var defaultStart = -1;
        var generatedStored = false;
        var generated = false;
        var references = false;
        var unique = false;
        var depth = 0;
        for (var j = i + 1; j < end; j++)
        {
            if (s.IsPunct(j, '(')) depth++;
            else if (s.IsPunct(j, ')')) depth--;
            if (depth != 0) continue;
            if (s.Is(j, "NOT") && s.Is(j + 1, "NULL")) notNull = true;
            else if (s.Is(j, "DEFAULT"))
            {
                hasDefault = true;
                defaultStart = j + 1;
            }
            else if (s.Is(j, "GENERATED") || s.Is(j, "IDENTITY") || s.Is(j, "AUTO_INCREMENT") || s.Is(j, "AUTOINCREMENT")) generated = true;
            else if (s.Is(j, "STORED")) generatedStored = true;
            else if (s.Is(j, "AS") && s.IsPunct(j + 1, '(')) generated = true;
            else if (s.Is(j, "REFERENCES")) references = true;
            else if (s.Is(j, "UNIQUE") || (s.Is(j, "PRIMARY") && s.Is(j + 1, "KEY"))) unique = true;
        }
        var serial = type is "serial" or "bigserial" or "smallserial" or "serial2" or "serial4" or "serial8";
        if (isNew) return;
        if (notNull && !hasDefault && !generated && !serial)
        {
            Add(StatementClass.AddNotNullColumn, $"adds NOT NULL column {table}.{column} without a default: it fails on a table with rows and breaks inserts from running code");
        }
        if (_postgres)
        {
            if (generatedStored)
            {
                Add(StatementClass.TableRewrite, $"adds stored generated column {table}.{column}: every row is rewritten under an ACCESS EXCLUSIVE lock");
            }
            else if (serial)
            {
                Add(StatementClass.AddColumnVolatileDefault, $"adds {type} column {table}.{column}: nextval() is volatile, so the table is rewritten under an ACCESS EXCLUSIVE lock");
            }
            else if (hasDefault && defaultStart >= 0 && !IsNullDefault(s, defaultStart, end))
            {
                var volatileCall = VolatileCall(s, defaultStart, end);
                if (volatileCall is not null)
                {
                    Add(StatementClass.AddColumnVolatileDefault, $"adds {table}.{column} with volatile default {volatileCall}: the table is rewritten under an ACCESS EXCLUSIVE lock");
                }
                else if (_settings.PostgresVersion < 11)
                {
                    Add(StatementClass.TableRewrite, $"adds {table}.{column} with a default: before PostgreSQL 11 every default rewrites the table under an ACCESS EXCLUSIVE lock");
                }
            }
        }
        if (references && _dialect != SqlDialect.Sqlite)
        {
            Add(StatementClass.AddForeignKeyValidating, $"adds column {table}.{column} with REFERENCES: a validated foreign key locks {table} and the referenced table");
        }
        if (unique && _dialect is SqlDialect.Postgres or SqlDialect.SqlServer)
        {
            Add(StatementClass.AddUniqueConstraintBlocking, $"adds {table}.{column} with a UNIQUE/PRIMARY KEY constraint, building its index under an ACCESS EXCLUSIVE lock");
        }
    }

    private static bool IsNullDefault(StatementView s, int start, int end) => start < end && s.Is(start, "NULL") &&
        (start + 1 >= end || s.Is(start + 1, "NOT") || s.Is(start + 1, "CONSTRAINT") || s.Is(start + 1, "CHECK"));

    /// <summary>Functions whose value is the same for every row of one statement (immutable or stable), so a default using them does not rewrite.</summary>
    private static readonly HashSet<string> s_nonVolatileFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "cast", "coalesce", "nullif", "greatest", "least", "array", "row", "lower", "upper", "concat", "length", "abs", "round",
        "statement_timestamp", "transaction_timestamp", "current_setting", "to_jsonb", "to_json", "jsonb_build_object",
        "json_build_object", "jsonb_build_array", "json_build_array", "make_interval", "date_trunc", "timezone", "to_timestamp",
        "current_date", "current_timestamp", "localtimestamp", "current_time", "localtime", "interval", "numeric", "decimal",
        "varchar", "char", "timestamp", "timestamptz", "array_fill", "trim", "replace", "md5", "format", "substring",
    };

    /// <summary>The first volatile or unknown function call in a default expression (unknown functions are assumed volatile), or null.</summary>
    private static string? VolatileCall(StatementView s, int start, int end)
    {
        var depth = 0;
        for (var j = start; j < end; j++)
        {
            if (s.IsPunct(j, '(')) depth++;
            else if (s.IsPunct(j, ')')) depth--;
            if (depth == 0 && j > start && (s.Is(j, "NOT") || s.Is(j, "CONSTRAINT") || s.Is(j, "REFERENCES") || s.Is(j, "CHECK") ||
                                            s.Is(j, "UNIQUE") || s.Is(j, "PRIMARY") || s.Is(j, "COLLATE") || s.Is(j, "GENERATED")))
            {
                return null;
            }
            if (s[j].Kind != SqlTokenKind.Word || !s.IsPunct(j + 1, '(')) continue;
            var name = s.Span(j).ToString();
            if (name.Equals("now", StringComparison.OrdinalIgnoreCase))
            {
                if (s.IsPunct(j + 2, ')')) continue;
                return name + "(...)";
            }
            if (s.IsPunct(j - 1, '.') || !s_nonVolatileFunctions.Contains(name)) return name + "()";
        }
        return null;
    }
}
