using System.Diagnostics;
using System.Globalization;
using Npgsql;
using PipelineGuard.Sql;

namespace PipelineGuard.Trace;

/// <summary>How migrations are run for a trace.</summary>
/// <param name="AssumeInTransaction">The migration tool wraps each file in one transaction (Flyway, Liquibase), unless the file says it runs outside one.</param>
/// <param name="StatementTimeout">A statement still running after this is cancelled and reported as failed (a migration cannot hang the step).</param>
public sealed record TraceOptions(bool AssumeInTransaction = false, TimeSpan? StatementTimeout = null)
{
    public TimeSpan Timeout => StatementTimeout ?? TimeSpan.FromSeconds(60);
}

/// <summary>
/// Runs a migration set on a <see cref="TraceDatabase"/>: the migrations unchanged since --changed-since first (the base
/// schema), then every statement of the new ones in its own step, reading after each the locks its backend holds
/// (pg_locks joined to pg_class), the storage of every existing table and index (relfilenode) and the lock_timeout.
/// A statement outside a file's own transaction runs in a transaction of the tracer's, so its locks can be read
/// before they are released; one that cannot run in a transaction block (CONCURRENTLY, VACUUM) runs on its own
/// while a second session, holding SHARE UPDATE EXCLUSIVE on every existing table, watches its locks: a lock of that
/// mode or stronger has to wait for it, so it is seen before the watcher lets go.
/// </summary>
public static class MigrationTracer
{
    private const string RelationsSql =
        "SELECT c.oid::int8, n.nspname, c.relname, c.relkind::text, c.relfilenode::int8 FROM pg_class c " +
        "JOIN pg_namespace n ON n.oid = c.relnamespace " +
        "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'";

    private const string LockTimeoutSql = "SELECT current_setting('lock_timeout')";

    private const string OwnLocksSql = "SELECT relation::int8, mode FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation' AND granted";

    /// <summary>The storage of the objects that existed before the file ran (a rewrite gives an object a new relfilenode); their oids are numbers the tracer read itself.</summary>
    private static string FileNodesSql(IEnumerable<long> oids) =>
        "SELECT oid::int8, relfilenode::int8 FROM pg_class WHERE oid = ANY('{" + string.Join(",", oids.Select(o => o.ToString(CultureInfo.InvariantCulture))) + "}'::oid[])";

    public static MigrationTrace Run(MigrationSet set, TraceDatabase database, TraceOptions options)
    {
        var clock = Stopwatch.StartNew();
        var settings = new SqlAnalysisSettings(SqlDialect.Postgres, database.Major, options.AssumeInTransaction);
        var order = ExecutionOrder(set);
        var appliedFailures = new List<AppliedFailure>();
        var statements = new List<TracedStatement>();
        var appliedFiles = 0;
        var appliedStatements = 0;
        var analyses = set.AnalyseMany(order, settings);
        using var monitor = database.Admin.OpenConnection();
        for (var k = 0; k < order.Count; k++)
        {
            var file = set.Files[order[k]];
            var up = analyses[k].Statements.Where(s => s.Section == MigrationSection.Up).ToList();
            var wrapped = options.AssumeInTransaction && !file.RunsOutsideTransaction;
            using var connection = database.Migrator.OpenConnection();
            if (!file.IsChange)
            {
                appliedFiles++;
                appliedStatements += Apply(connection, file, up, wrapped, options, appliedFailures);
                continue;
            }
            var run = new FileRun(connection, monitor, file, options);
            statements.AddRange(run.Trace(up, wrapped));
        }
        return new MigrationTrace(database.Server, database.Major, appliedFiles, appliedStatements, appliedFailures, statements, clock.Elapsed);
    }

    /// <summary>Forward and repeatable migrations (never rollbacks), versioned ones by folder and version, repeatables last.</summary>
    internal static List<int> ExecutionOrder(MigrationSet set) =>
        [.. Enumerable.Range(0, set.Files.Count)
            .Where(i => set.Files[i].Direction != MigrationDirection.Rollback)
            .OrderBy(i => set.Files[i].Direction == MigrationDirection.Repeatable ? 1 : 0)
            .ThenBy(i => set.Files[i].Folder, StringComparer.Ordinal)
            .ThenBy(i => set.Files[i].Version, VersionComparer.Instance)
            .ThenBy(i => set.Files[i].Path, StringComparer.Ordinal)];

    private static int Apply(NpgsqlConnection connection, MigrationFile file, List<AnalysedStatement> statements, bool wrapped, TraceOptions options, List<AppliedFailure> failures)
    {
        var ran = 0;
        if (wrapped) Execute(connection, "BEGIN", options);
        foreach (var s in statements)
        {
            try
            {
                Execute(connection, s.Source.Text[s.Source.Start..s.Source.End], options);
                ran++;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                var (line, column) = ErrorPosition(s, ex);
                failures.Add(new AppliedFailure(file.Path, line, column, s.Excerpt, Describe(ex, options)));
                TryRollback(connection, options);
                return ran;
            }
        }
        TryRollbackOpen(connection, options, commit: true);
        return ran;
    }

    internal static void Execute(NpgsqlConnection connection, string sql, TraceOptions options)
    {
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = Math.Max(1, (int)options.Timeout.TotalSeconds) };
        command.ExecuteNonQuery();
    }

    /// <summary>BEGIN and <paramref name="sql"/> in one round trip (a batch: each keeps its own error and position).</summary>
    internal static void ExecuteInNewTransaction(NpgsqlConnection connection, string sql, TraceOptions options)
    {
        using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { new NpgsqlBatchCommand("BEGIN"), new NpgsqlBatchCommand(sql) },
            Timeout = Math.Max(1, (int)options.Timeout.TotalSeconds),
        };
        batch.ExecuteNonQuery();
    }

    internal static void TryRollback(NpgsqlConnection connection, TraceOptions options)
    {
        try
        {
            Execute(connection, "ROLLBACK", options);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // The connection is closed after the file anyway.
        }
    }

    /// <summary>Ends a transaction the file left open: committed for a tool-wrapped file, otherwise rolled back as a disconnect would.</summary>
    private static void TryRollbackOpen(NpgsqlConnection connection, TraceOptions options, bool commit)
    {
        if (!InTransaction(connection, options)) return;
        try
        {
            Execute(connection, commit ? "COMMIT" : "ROLLBACK", options);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            TryRollback(connection, options);
        }
    }

    /// <summary>
    /// Whether the session is inside a transaction block: a transaction-local setting made by one command is still
    /// there for the next only inside a block (timestamps cannot tell: the extended protocol restamps each message).
    /// </summary>
    internal static bool InTransaction(NpgsqlConnection connection, TraceOptions options)
    {
        try
        {
            Execute(connection, "SELECT set_config('pipeline_guard.probe', 'on', true)", options);
            using var command = new NpgsqlCommand("SELECT current_setting('pipeline_guard.probe', true)", connection);
            return command.ExecuteScalar() as string == "on";
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InFailedSqlTransaction)
        {
            return true;
        }
    }

    internal static string Describe(Exception ex, TraceOptions options) => ex switch
    {
        PostgresException pg => $"{pg.SqlState}: {pg.MessageText}" + (pg.Detail is { Length: > 0 } d ? $" ({d})" : ""),
        NpgsqlException { InnerException: TimeoutException } => $"did not finish within {options.Timeout.TotalSeconds:0} s and was cancelled",
        _ => ex.Message,
    };

    /// <summary>Where in the file the error is: PostgreSQL's error position inside the statement, else the statement's start.</summary>
    internal static (int Line, int Column) ErrorPosition(AnalysedStatement statement, Exception ex)
    {
        if (ex is not PostgresException { Position: > 0 } pg) return (statement.Line, statement.Column);
        var text = statement.Source.Text;
        var target = Math.Min(statement.Source.End, statement.Source.Start + pg.Position - 1);
        var line = statement.Line;
        var column = statement.Column;
        for (var i = statement.Source.Start; i < target; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }
        return (line, column);
    }

    private sealed record Relation(string Name, string Kind, long FileNode);

    /// <summary>One new file being traced on its own connection: what existed before it, and its transaction state.</summary>
    private sealed class FileRun(NpgsqlConnection connection, NpgsqlConnection monitor, MigrationFile file, TraceOptions options)
    {
        private Dictionary<long, Relation> _existing = [];
        private string _fileNodesSql = "";
        private Dictionary<long, long> _fileNodes = [];
        private readonly HashSet<(long Oid, PostgresLockMode Mode)> _held = [];
        private readonly List<(Builder Statement, TimeSpan AcquiredAt)> _lockedInTransaction = [];
        private bool _inTransaction;
        private TimeSpan _transactionClock;
        private (string Object, int Line)? _accessExclusive;
        private string _lockTimeout = "0";
        private int _pid;

        public List<TracedStatement> Trace(List<AnalysedStatement> statements, bool wrapped)
        {
            _existing = ReadRelations(connection);
            _fileNodesSql = FileNodesSql(_existing.Keys);
            _fileNodes = _existing.ToDictionary(r => r.Key, r => r.Value.FileNode);
            using (var command = new NpgsqlCommand("SELECT pg_backend_pid(), current_setting('lock_timeout')", connection))
            using (var reader = command.ExecuteReader())
            {
                reader.Read();
                _pid = reader.GetInt32(0);
                _lockTimeout = reader.GetString(1);
            }
            if (wrapped)
            {
                Execute(connection, "BEGIN", options);
                _inTransaction = true;
            }

            var built = new List<Builder>(statements.Count);
            string? stoppedAt = null;
            foreach (var s in statements)
            {
                var b = new Builder(s, _lockTimeout, file.Path);
                built.Add(b);
                if (stoppedAt is not null)
                {
                    b.Outcome = TraceOutcome.NotRun;
                    b.Error = stoppedAt;
                    continue;
                }
                if (!Step(s, b))
                {
                    stoppedAt = $"not run: the statement on line {b.Line} failed, so the migration stops there";
                }
            }
            if (_inTransaction)
            {
                // A tool-wrapped file commits at its end; a BEGIN never committed is rolled back when the session closes.
                var sw = Stopwatch.StartNew();
                if (wrapped && stoppedAt is null)
                {
                    try
                    {
                        Execute(connection, "COMMIT", options);
                    }
                    catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
                    {
                        var last = built[^1];
                        last.Outcome = TraceOutcome.Failed;
                        last.Error = "the transaction's COMMIT failed: " + Describe(ex, options);
                    }
                }
                else
                {
                    TryRollback(connection, options);
                }
                _transactionClock += sw.Elapsed;
                EndTransaction();
            }
            return [.. built.Select(b => b.Build())];
        }

        /// <summary>Runs one statement; false when it failed (the file stops there).</summary>
        private bool Step(AnalysedStatement s, Builder b)
        {
            var sql = s.Source.Text[s.Source.Start..s.Source.End];
            var control = IsTransactionControl(s);
            if (_inTransaction && !control) b.WhileAccessExclusive = _accessExclusive;
            var ownTransaction = !_inTransaction && !control;
            var before = new HashSet<(long, PostgresLockMode)>(_held);
            var clockBefore = _transactionClock;
            TimeSpan took;
            var sw = Stopwatch.StartNew();
            try
            {
                // BEGIN and the statement in one round trip: the statement's error (and its position) is still its own.
                if (ownTransaction) ExecuteInNewTransaction(connection, sql, options);
                else Execute(connection, sql, options);
                took = sw.Elapsed;
            }
            catch (PostgresException ex) when (ownTransaction && ex.SqlState is PostgresErrorCodes.ActiveSqlTransaction or PostgresErrorCodes.InvalidTransactionTermination)
            {
                // It cannot run in a transaction block (CONCURRENTLY, VACUUM, a procedure that commits): run it as the tool would.
                TryRollback(connection, options);
                return StepOutsideTransaction(s, b, sql);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                Fail(s, b, ex);
                if (ownTransaction || _inTransaction) TryRollback(connection, options);
                if (_inTransaction) EndTransaction();
                return false;
            }

            var commit = Stopwatch.StartNew();
            (string LockTimeout, List<(long Oid, PostgresLockMode Mode)> Locks, Dictionary<long, long> FileNodes) state;
            try
            {
                // In its own transaction the locks are read and the transaction committed in one round trip: they are held until then.
                state = ReadState(commit: ownTransaction);
            }
            catch (Exception ex) when (ownTransaction && ex is NpgsqlException or InvalidOperationException)
            {
                Fail(s, b, ex);
                TryRollback(connection, options);
                return false;
            }
            var taken = state.Locks.Where(l => _existing.ContainsKey(l.Oid) && !before.Contains(l)).ToList();
            b.Locks = LocksOf(taken);
            b.Rewrites = RewritesSince(state.FileNodes);
            _lockTimeout = state.LockTimeout;
            if (ownTransaction)
            {
                b.Held = b.Locks.Count > 0 ? took + commit.Elapsed : null;
                b.Outcome = TraceOutcome.Traced;
                return true;
            }

            _transactionClock += took;
            b.Outcome = TraceOutcome.Traced;
            var inTransaction = control ? InTransaction(connection, options) : _inTransaction;
            if (!_inTransaction && inTransaction)
            {
                // BEGIN: the file's own transaction starts here.
                _inTransaction = true;
                _transactionClock = TimeSpan.Zero;
            }
            else if (_inTransaction && !inTransaction)
            {
                // COMMIT or ROLLBACK: every lock taken in the transaction was held until now.
                EndTransaction();
                return true;
            }
            if (_inTransaction)
            {
                foreach (var l in state.Locks) _held.Add(l);
                if (b.Locks.Count > 0) _lockedInTransaction.Add((b, clockBefore));
                if (_accessExclusive is null && b.Locks.FirstOrDefault(l => l.Mode == PostgresLockMode.AccessExclusive && l.Kind is "table" or "partitioned-table") is { } ae)
                {
                    _accessExclusive = (ae.Object, b.Line);
                }
            }
            else
            {
                b.Held = b.Locks.Count > 0 ? took : null;
            }
            return true;
        }

        /// <summary>
        /// A statement that must run outside a transaction block: a second session watches its locks while holding SHARE UPDATE
        /// EXCLUSIVE on every existing table, so any lock of that mode or stronger (everything that blocks schema changes,
        /// writes or reads) has to wait and is seen for certain; weaker ones are sampled.
        /// </summary>
        private bool StepOutsideTransaction(AnalysedStatement s, Builder b, string sql)
        {
            b.OutsideTransaction = true;
            var tables = _existing.Values.Where(r => r.Kind is "table" or "partitioned-table").Select(r => r.Name).ToList();
            var holding = false;
            if (tables.Count > 0)
            {
                try
                {
                    Execute(monitor, "BEGIN", options);
                    holding = true;
                    Execute(monitor, $"LOCK TABLE {string.Join(", ", tables)} IN SHARE UPDATE EXCLUSIVE MODE NOWAIT", options);
                }
                catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
                {
                    // The session may not lock them (a --postgres user without rights): the locks are then only sampled.
                    TryRollback(monitor, options);
                    holding = false;
                    b.Note = "its locks were only sampled: the watching session could not hold SHARE UPDATE EXCLUSIVE on the existing tables";
                }
            }

            var seen = new HashSet<(long, PostgresLockMode)>();
            var sw = Stopwatch.StartNew();
            TimeSpan? releasedAt = null;
            var work = Task.Run(() => Execute(connection, sql, options));
            while (!work.IsCompleted)
            {
                var waiting = false;
                using (var command = new NpgsqlCommand($"SELECT relation::int8, mode, granted, locktype FROM pg_locks WHERE pid = {_pid.ToString(CultureInfo.InvariantCulture)}", monitor))
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        var granted = reader.GetBoolean(2);
                        if (!granted) waiting = true;
                        if (reader.IsDBNull(0) || reader.GetString(3) != "relation") continue;
                        if (PostgresLockModes.FromPgLocks(reader.GetString(1)) is { } mode && _existing.ContainsKey(reader.GetInt64(0)))
                        {
                            // A request still waiting for our SHARE UPDATE EXCLUSIVE is one it takes as soon as we let go.
                            seen.Add((reader.GetInt64(0), mode));
                        }
                    }
                }
                if (waiting && holding)
                {
                    Execute(monitor, "COMMIT", options);
                    holding = false;
                    releasedAt = sw.Elapsed;
                }
                // Not a busy loop: on two cores it would take the time the server needs to run the statement.
                else if (!work.IsCompleted) ((IAsyncResult)work).AsyncWaitHandle.WaitOne(2);
            }
            if (holding) Execute(monitor, "COMMIT", options);
            try
            {
                work.GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                Fail(s, b, ex);
                return false;
            }
            var took = sw.Elapsed - (releasedAt ?? TimeSpan.Zero);
            var state = ReadState();
            _lockTimeout = state.LockTimeout;
            b.Locks = LocksOf(seen);
            b.Rewrites = RewritesSince(state.FileNodes);
            b.Held = b.Locks.Count > 0 ? took : null;
            b.Outcome = TraceOutcome.Traced;
            return true;
        }

        private void Fail(AnalysedStatement s, Builder b, Exception ex)
        {
            b.Outcome = TraceOutcome.Failed;
            var (line, column) = ErrorPosition(s, ex);
            b.Error = Describe(ex, options);
            b.ErrorLine = line;
            b.ErrorColumn = column;
        }

        private void EndTransaction()
        {
            foreach (var (statement, acquiredAt) in _lockedInTransaction) statement.Held = _transactionClock - acquiredAt;
            _lockedInTransaction.Clear();
            _held.Clear();
            _accessExclusive = null;
            _inTransaction = false;
            _transactionClock = TimeSpan.Zero;
        }

        private List<ObjectLock> LocksOf(IEnumerable<(long Oid, PostgresLockMode Mode)> locks) =>
            [.. locks.Where(l => _existing.ContainsKey(l.Oid))
                .GroupBy(l => l.Oid)
                .Select(g => new ObjectLock(_existing[g.Key].Name, _existing[g.Key].Kind, g.Max(x => x.Mode)))
                // Strongest first; at equal strength the table before its indexes (a table rewrite locks them all).
                .OrderByDescending(l => l.Mode).ThenBy(l => l.Kind is "table" or "partitioned-table" ? 0 : 1).ThenBy(l => l.Object, StringComparer.Ordinal)];

        private List<Rewrite> RewritesSince(Dictionary<long, long> now)
        {
            var rewrites = new List<Rewrite>();
            foreach (var (oid, node) in now)
            {
                if (!_fileNodes.TryGetValue(oid, out var previous)) continue;
                if (previous != 0 && node != 0 && previous != node && _existing.TryGetValue(oid, out var r)) rewrites.Add(new Rewrite(r.Name, r.Kind));
            }
            _fileNodes = now;
            rewrites.Sort((a, b) => string.CompareOrdinal(a.Object, b.Object));
            return rewrites;
        }

        private (string LockTimeout, List<(long Oid, PostgresLockMode Mode)> Locks, Dictionary<long, long> FileNodes) ReadState(bool commit = false)
        {
            using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(LockTimeoutSql),
                    new NpgsqlBatchCommand(OwnLocksSql),
                    new NpgsqlBatchCommand(_fileNodesSql),
                },
                Timeout = Math.Max(1, (int)options.Timeout.TotalSeconds),
            };
            if (commit) batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
            using var reader = batch.ExecuteReader();
            reader.Read();
            var lockTimeout = reader.GetString(0);
            reader.NextResult();
            var locks = new List<(long, PostgresLockMode)>();
            while (reader.Read())
            {
                if (!reader.IsDBNull(0) && PostgresLockModes.FromPgLocks(reader.GetString(1)) is { } mode) locks.Add((reader.GetInt64(0), mode));
            }
            reader.NextResult();
            var nodes = new Dictionary<long, long>();
            while (reader.Read()) nodes[reader.GetInt64(0)] = reader.GetInt64(1);
            // A COMMIT that fails (a deferred constraint) throws here.
            while (reader.NextResult())
            {
            }
            return (lockTimeout, locks, nodes);
        }
    }

    private static Dictionary<long, Relation> ReadRelations(NpgsqlConnection connection)
    {
        var relations = new Dictionary<long, Relation>();
        using var command = new NpgsqlCommand(RelationsSql, connection);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var name = QuoteIdentifier(reader.GetString(1)) + "." + QuoteIdentifier(reader.GetString(2));
            relations[reader.GetInt64(0)] = new Relation(name, KindOf(reader.GetString(3)), reader.GetInt64(4));
        }
        return relations;
    }

    private static string KindOf(string relkind) => relkind switch
    {
        "r" => "table",
        "p" => "partitioned-table",
        "i" => "index",
        "I" => "partitioned-index",
        "S" => "sequence",
        "v" => "view",
        "m" => "materialized-view",
        "f" => "foreign-table",
        "t" => "toast-table",
        "c" => "composite-type",
        _ => "relation",
    };

    /// <summary>A name as SQL needs it: bare when it is a plain lower-case identifier, else double-quoted.</summary>
    internal static string QuoteIdentifier(string name)
    {
        var plain = name.Length > 0 && (char.IsAsciiLetterLower(name[0]) || name[0] == '_') &&
                    name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_' || c == '$');
        return plain ? name : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>BEGIN, COMMIT and friends run as they are: the file's own transaction is read back from the server.</summary>
    private static bool IsTransactionControl(AnalysedStatement s)
    {
        var text = s.Source.Text;
        var i = s.Source.Start;
        var start = i;
        while (i < s.Source.End && char.IsAsciiLetter(text[i])) i++;
        var word = text.AsSpan(start, i - start);
        foreach (var w in s_transactionWords)
        {
            if (word.Equals(w, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    private static readonly string[] s_transactionWords = ["BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE", "PREPARE"];

    /// <summary>A statement's trace in the making.</summary>
    private sealed class Builder(AnalysedStatement statement, string lockTimeout, string file)
    {
        public int Line => statement.Line;
        public TraceOutcome Outcome { get; set; } = TraceOutcome.NotRun;
        public List<ObjectLock> Locks { get; set; } = [];
        public List<Rewrite> Rewrites { get; set; } = [];
        public TimeSpan? Held { get; set; }
        public bool OutsideTransaction { get; set; }
        public (string Object, int Line)? WhileAccessExclusive { get; set; }
        public string? Error { get; set; }
        public int? ErrorLine { get; set; }
        public int? ErrorColumn { get; set; }
        public string? Note { get; set; }

        public TracedStatement Build()
        {
            var classes = statement.Findings.Select(f => f.Class).Distinct().ToList();
            var claim = StaticLockClaims.Of(classes);
            var strongest = Locks.Count == 0 ? null : Locks.MaxBy(l => l.Mode);
            var (agreement, detail) = Outcome == TraceOutcome.Traced
                ? StaticLockClaims.Compare(claim, classes, strongest, Rewrites)
                : (Agreement.NotTraced, $"not traced; static analysis: {(classes.Count == 0 ? "no statement class" : string.Join(", ", classes.Select(StatementClasses.NameOf)))} ({claim.Describe()})");
            return new TracedStatement(file, statement.Line, statement.Column, statement.Excerpt, Outcome, Locks, Rewrites,
                Held, lockTimeout, OutsideTransaction, WhileAccessExclusive, Error, new StaticComparison(classes, claim, agreement, detail))
            {
                ErrorLine = ErrorLine,
                ErrorColumn = ErrorColumn,
                Note = Note,
            };
        }
    }
}

/// <summary>Orders migration versions numerically part by part (2.10 after 2.9), null first.</summary>
internal sealed class VersionComparer : IComparer<string?>
{
    public static VersionComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null) return x is null ? (y is null ? 0 : -1) : 1;
        var a = x.Split('.', '_');
        var b = y.Split('.', '_');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = long.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out var na) &&
                    long.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out var nb)
                ? na.CompareTo(nb)
                : string.CompareOrdinal(a[i], b[i]);
            if (c != 0) return c;
        }
        return a.Length.CompareTo(b.Length);
    }
}
