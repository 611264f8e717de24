using System.Text.RegularExpressions;
using Npgsql;
using PipelineGuard.Sql;
using PipelineGuard.Tests.Support;
using Xunit.Abstractions;

namespace PipelineGuard.Tests.Sql;

/// <summary>
/// Every PostgreSQL statement class's lock claim (StatementClassInfo.PostgresLocks) checked on a real server: each
/// example runs in a fresh database made by the claim's setup, inside a transaction; pg_locks gives the strongest lock
/// held on the table and pg_class.relfilenode whether it was rewritten. A statement PostgreSQL refuses inside a
/// transaction block is then run on its own while another session holds ACCESS EXCLUSIVE on the table: the lock it
/// waits for is the lock it takes.
/// </summary>
[Collection(PostgresServerGroup.Name)]
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed partial class PostgresLockClaimTests(PostgresServer shared, ITestOutputHelper output)
{
    private static int s_database;

    [PostgresFact]
    public async Task Every_PostgreSQL_lock_claim_holds_on_a_real_server()
    {
        await using var admin = shared.Server.DataSource();
        var version = (int)(await Scalar(admin, "SELECT current_setting('server_version_num')::int"))!;
        var failures = new List<string>();
        var checkedClaims = 0;
        foreach (var c in StatementClasses.All.Where(c => c.ExampleDialect == SqlDialect.Postgres))
        {
            var claim = c.PostgresLocksFor(version);
            claim.ShouldNotBeNull($"{c.Name} states no PostgreSQL lock claim");
            if (claim.NotRun is not null) continue;
            foreach (var (label, example, expected) in new[] { ("flagged", c.BadExample, claim.Bad), ("not flagged", c.GoodExample, claim.Good) })
            {
                var actual = await Observe(admin, claim, example);
                output.WriteLine($"{c.Name}, {label} example, {claim.Table}: {actual}");
                if (actual != expected) failures.Add($"{c.Name}: the {label} example on {claim.Table} is claimed {expected}, but PostgreSQL {version} shows {actual}");
                checkedClaims++;
            }
        }
        checkedClaims.ShouldBeGreaterThan(50);
        failures.ShouldBeEmpty();
    }

    [PostgresFact]
    public async Task A_wrong_claim_is_caught()
    {
        await using var admin = shared.Server.DataSource();
        var claim = new PostgresLockClaim("orders", "CREATE TABLE orders (id bigint);", new(PostgresLockMode.RowExclusive), new(PostgresLockMode.None));
        var actual = await Observe(admin, claim, "ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();");
        actual.ShouldNotBe(claim.Bad);
        actual.ShouldBe(new PostgresExampleClaim(PostgresLockMode.AccessExclusive, Rewrites: true));
    }

    [PostgresFact]
    public async Task A_statement_refused_in_a_transaction_is_observed_waiting_for_its_lock()
    {
        await using var admin = shared.Server.DataSource();
        var claim = new PostgresLockClaim("orders", "CREATE TABLE orders (id bigint);", new(PostgresLockMode.None), new(PostgresLockMode.None));
        (await Observe(admin, claim, "VACUUM FULL orders;"))
            .ShouldBe(new PostgresExampleClaim(PostgresLockMode.AccessExclusive, Rewrites: true, RefusedInTransaction: true));
    }

    private static async Task<object?> Scalar(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }

    private async Task<PostgresExampleClaim> Observe(NpgsqlDataSource admin, PostgresLockClaim claim, string example)
    {
        var database = $"lock_claims_{Interlocked.Increment(ref s_database)}";
        await using (var create = admin.CreateCommand($"CREATE DATABASE {database}")) await create.ExecuteNonQueryAsync();
        try
        {
            await using var source = shared.Server.DataSource(database);
            await using (var setup = source.CreateCommand(claim.Setup)) await setup.ExecuteNonQueryAsync();
            var (oid, before) = await Relation(source, claim.Table);
            oid.ShouldNotBeNull($"the setup does not create {claim.Table}");
            var strongest = PostgresLockMode.None;
            var refused = false;
            foreach (var segment in Transactions(example))
            {
                var (mode, failure, wasRefused) = await InTransaction(source, segment, oid.Value);
                if (wasRefused)
                {
                    refused = true;
                    segment.Count.ShouldBe(1, "a statement refused inside a transaction block is observed on its own");
                    (mode, failure) = await OnItsOwn(source, segment[0], claim.Table, oid.Value);
                }
                if (failure is not null) return new PostgresExampleClaim(PostgresLockMode.None, RefusedInTransaction: refused, FailsWith: failure);
                if (mode > strongest) strongest = mode;
            }
            var (_, after) = await Relation(source, oid.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return new PostgresExampleClaim(strongest, Rewrites: after is not null && after != before, RefusedInTransaction: refused);
        }
        finally
        {
            await using var drop = admin.CreateCommand($"DROP DATABASE {database} WITH (FORCE)");
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The table's oid and relfilenode; by name or by oid (an oid still names a table the example renamed).</summary>
    private static async Task<(uint? Oid, uint? FileNode)> Relation(NpgsqlDataSource source, string table)
    {
        var byOid = table.All(char.IsAsciiDigit);
        await using var command = source.CreateCommand(byOid
            ? "SELECT oid, relfilenode FROM pg_class WHERE oid = $1::oid"
            : "SELECT oid, relfilenode FROM pg_class WHERE oid = to_regclass($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = table });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return (null, null);
        return (reader.GetFieldValue<uint>(0), reader.GetFieldValue<uint>(1));
    }

    /// <summary>The example's statements grouped by the transactions it runs them in: its own BEGIN and COMMIT become the boundaries.</summary>
    private static List<List<string>> Transactions(string example)
    {
        var outline = MigrationAnalyser.Outline(example, SqlDialect.Postgres);
        var segments = new List<List<string>> { new() };
        for (var k = 0; k < outline.Count; k++)
        {
            var end = k + 1 < outline.Count ? outline[k + 1].Start : example.Length;
            var text = example[outline[k].Start..end].Trim();
            if (TransactionControl().IsMatch(text))
            {
                if (segments[^1].Count > 0) segments.Add([]);
                continue;
            }
            segments[^1].Add(text);
        }
        return [.. segments.Where(s => s.Count > 0)];
    }

    [GeneratedRegex(@"^(BEGIN|COMMIT|START\s+TRANSACTION|END|ROLLBACK)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TransactionControl();

    private static async Task<(PostgresLockMode Mode, string? Failure, bool Refused)> InTransaction(NpgsqlDataSource source, List<string> statements, uint oid)
    {
        await using var connection = await source.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        try
        {
            foreach (var statement in statements)
            {
                await using var run = new NpgsqlCommand(statement, connection, transaction);
                await run.ExecuteNonQueryAsync();
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ActiveSqlTransaction)
        {
            return (PostgresLockMode.None, null, true);
        }
        catch (PostgresException e)
        {
            return (PostgresLockMode.None, e.SqlState, false);
        }
        var mode = await HeldLock(connection, transaction, oid);
        await transaction.CommitAsync();
        return (mode, null, false);
    }

    private static async Task<PostgresLockMode> HeldLock(NpgsqlConnection connection, NpgsqlTransaction transaction, uint oid)
    {
        await using var locks = new NpgsqlCommand(
            "SELECT mode FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation' AND relation = $1 AND granted", connection, transaction);
        locks.Parameters.Add(new NpgsqlParameter { Value = oid, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Oid });
        var strongest = PostgresLockMode.None;
        await using var reader = await locks.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var mode = PostgresLockModes.FromPgLocks(reader.GetString(0)) ?? throw new InvalidOperationException($"unknown lock mode {reader.GetString(0)}");
            if (mode > strongest) strongest = mode;
        }
        return strongest;
    }

    /// <summary>
    /// Runs a statement outside a transaction while another session holds ACCESS EXCLUSIVE on the table: each lock it waits
    /// for is a lock it takes. A lock taken only for a moment (VACUUM looks the table up under ACCESS SHARE first) is let
    /// through by queueing the next holder behind it, so the strongest lock the statement asks for is seen.
    /// </summary>
    private static async Task<(PostgresLockMode Mode, string? Failure)> OnItsOwn(NpgsqlDataSource source, string statement, string table, uint oid)
    {
        await using var observer = await source.OpenConnectionAsync();
        var (holder, hold) = await Hold(source, table);
        await using var runner = await source.OpenConnectionAsync();
        var pid = runner.ProcessID;
        await using var run = new NpgsqlCommand(statement, runner);
        var running = run.ExecuteNonQueryAsync();
        var strongest = PostgresLockMode.None;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        try
        {
            while (!running.IsCompleted && DateTime.UtcNow < deadline)
            {
                var waitingFor = await WaitingFor(observer, pid, oid);
                if (waitingFor is not { } mode)
                {
                    await Task.Delay(10);
                    continue;
                }
                if (mode > strongest) strongest = mode;
                // The next holder queues behind the statement's request; releasing this one lets the statement through.
                var next = await source.OpenConnectionAsync();
                var nextHold = await next.BeginTransactionAsync();
                using var giveUp = new CancellationTokenSource();
                var nextLock = new NpgsqlCommand($"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE", next, nextHold).ExecuteNonQueryAsync(giveUp.Token);
                while (await WaitingFor(observer, next.ProcessID, oid) is null && !nextLock.IsCompleted) await Task.Delay(5);
                await hold.RollbackAsync();
                await holder.DisposeAsync();
                (holder, hold) = (next, nextHold);
                await Task.WhenAny(nextLock, running, Task.Delay(3000));
                if (!nextLock.IsCompleted && !running.IsCompleted) await giveUp.CancelAsync();
                try
                {
                    await nextLock;
                }
                catch (Exception e) when (e is OperationCanceledException || (e is PostgresException p && p.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.QueryCanceled))
                {
                    // The statement waits for the holder's transaction itself (CREATE INDEX and DETACH ... CONCURRENTLY wait out
                    // older transactions): the holder is ended (by the deadlock detector or by us), and the statement runs on
                    // unobserved from here.
                    break;
                }
            }
        }
        finally
        {
            await hold.RollbackAsync();
            await holder.DisposeAsync();
        }
        try
        {
            await running.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (PostgresException e)
        {
            return (PostgresLockMode.None, e.SqlState);
        }
        return (strongest, null);
    }

    private static async Task<(NpgsqlConnection Connection, NpgsqlTransaction Transaction)> Hold(NpgsqlDataSource source, string table)
    {
        var connection = await source.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var lockTable = new NpgsqlCommand($"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE", connection, transaction);
        await lockTable.ExecuteNonQueryAsync();
        return (connection, transaction);
    }

    private static async Task<PostgresLockMode?> WaitingFor(NpgsqlConnection observer, int pid, uint oid)
    {
        await using var waiting = new NpgsqlCommand(
            "SELECT mode FROM pg_locks WHERE pid = $1 AND locktype = 'relation' AND relation = $2 AND NOT granted", observer);
        waiting.Parameters.Add(new NpgsqlParameter { Value = pid });
        waiting.Parameters.Add(new NpgsqlParameter { Value = oid, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Oid });
        return await waiting.ExecuteScalarAsync() is string mode
            ? PostgresLockModes.FromPgLocks(mode) ?? throw new InvalidOperationException($"unknown lock mode {mode}")
            : null;
    }
}
