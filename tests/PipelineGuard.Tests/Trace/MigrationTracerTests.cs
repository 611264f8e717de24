using PipelineGuard.Engine;
using PipelineGuard.Sql;
using PipelineGuard.Tests.Sql;
using PipelineGuard.Tests.Support;
using PipelineGuard.Trace;

namespace PipelineGuard.Tests.Trace;

/// <summary>The tracer on a real PostgreSQL (the shared embedded server): each claim read back from pg_locks and relfilenode.</summary>
[Collection(PostgresServerGroup.Name)]
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class MigrationTracerTests(PostgresServer shared)
{
    private const string Base = """
        CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
        CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, created_at timestamptz NOT NULL DEFAULT now());
        INSERT INTO users SELECT g, 'u' || g || '@example.com' FROM generate_series(1, 500) g;
        INSERT INTO orders SELECT g, g % 500 + 1, now() FROM generate_series(1, 2000) g;
        """;

    private MigrationTrace Trace(string newSql, string? applied = Base, TraceOptions? options = null, string file = "db/V2__change.sql")
    {
        var files = new List<MigrationFile>();
        if (applied is not null) files.Add(SqlTestSupport.Migration("db/V1__base.sql", applied, MigrationGitStatus.Unchanged));
        files.Add(SqlTestSupport.Migration(file, newSql, MigrationGitStatus.Added));
        using var database = TraceDatabase.OnServer(shared.Server.ConnectionString());
        return MigrationTracer.Run(new MigrationSet(files, []), database, options ?? new TraceOptions());
    }

    private static TracedStatement Only(MigrationTrace trace) => trace.Statements.ShouldHaveSingleItem();

    [PostgresFact]
    public void A_blocking_create_index_is_confirmed_with_a_share_lock_on_the_existing_table()
    {
        var trace = Trace("CREATE INDEX orders_created_idx ON orders (created_at);");

        var s = Only(trace);
        trace.AppliedFiles.ShouldBe(1);
        trace.AppliedFailures.ShouldBeEmpty();
        s.Outcome.ShouldBe(TraceOutcome.Traced);
        s.Strongest.ShouldBe(new ObjectLock("public.orders", "table", PostgresLockMode.Share));
        s.Rewrites.ShouldBeEmpty();
        s.Static.Classes.ShouldContain(StatementClass.CreateIndexBlocking);
        s.Static.Agreement.ShouldBe(Agreement.Confirmed);
        s.StrongestLockHeld.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.Zero);
        s.OutsideTransaction.ShouldBeFalse();
    }

    [PostgresFact]
    public void Create_index_concurrently_runs_outside_a_transaction_and_is_confirmed_non_blocking()
    {
        var trace = Trace("CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);");

        var s = Only(trace);
        s.Outcome.ShouldBe(TraceOutcome.Traced, s.Error);
        s.OutsideTransaction.ShouldBeTrue();
        // Seen while it waited for the watching session to let go of its SHARE UPDATE EXCLUSIVE: that is the strongest it takes.
        s.Strongest.ShouldBe(new ObjectLock("public.orders", "table", PostgresLockMode.ShareUpdateExclusive));
        s.Blocks.ShouldBeFalse();
        s.Static.Classes.ShouldBeEmpty();
        s.Static.Agreement.ShouldBe(Agreement.Confirmed);
        s.Static.Detail.ShouldStartWith("confirmed non-blocking");
    }

    [PostgresFact]
    public void A_volatile_default_rewrites_the_table_under_access_exclusive_as_the_static_analysis_says()
    {
        var s = Only(Trace("ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();"));

        s.Strongest.ShouldBe(new ObjectLock("public.users", "table", PostgresLockMode.AccessExclusive));
        s.Rewrites.ShouldContain(new Rewrite("public.users", "table"));
        s.Static.Classes.ShouldContain(StatementClass.AddColumnVolatileDefault);
        s.Static.Agreement.ShouldBe(Agreement.Confirmed);
    }

    [PostgresFact]
    public void A_constant_default_does_not_rewrite_on_postgres_11_and_later()
    {
        var trace = Trace("ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true;");

        trace.ServerMajor.ShouldBeGreaterThanOrEqualTo(11);
        var s = Only(trace);
        s.Rewrites.ShouldBeEmpty();
        // It still takes ACCESS EXCLUSIVE for a moment, which the statement classes do not claim: the trace says so.
        s.Strongest!.Mode.ShouldBe(PostgresLockMode.AccessExclusive);
        s.Static.Agreement.ShouldBe(Agreement.TraceOnly);
    }

    [PostgresFact]
    public void A_rewrite_hidden_in_a_function_call_is_caught_by_the_trace_and_missed_by_the_static_analysis()
    {
        var applied = Base + """

            CREATE FUNCTION widen_email() RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
              EXECUTE 'ALTER TABLE users ALTER COLUMN email TYPE varchar(200)';
            END $$;
            """;

        var s = Only(Trace("SELECT widen_email();", applied));

        s.Static.Classes.ShouldBeEmpty();
        s.Strongest.ShouldBe(new ObjectLock("public.users", "table", PostgresLockMode.AccessExclusive));
        s.Rewrites.ShouldContain(new Rewrite("public.users", "table"));
        s.Static.Agreement.ShouldBe(Agreement.TraceOnly);
        s.Static.Detail.ShouldContain("static analysis: no statement class");
    }

    [PostgresFact]
    public void A_failing_statement_is_reported_at_the_error_position_and_the_rest_of_the_file_is_not_run()
    {
        var trace = Trace("ALTER TABLE users ADD COLUMN a int;\n\nALTER TABLE users\n  ADD COLUMN b intt;\nALTER TABLE users ADD COLUMN c int;\n");

        trace.Statements.Select(s => s.Outcome).ShouldBe([TraceOutcome.Traced, TraceOutcome.Failed, TraceOutcome.NotRun]);
        var failed = trace.Statements[1];
        (failed.File, failed.Line, failed.ErrorLine, failed.ErrorColumn).ShouldBe(("db/V2__change.sql", 3, 4, 16));
        failed.Error.ShouldBe("42704: type \"intt\" does not exist");
        trace.Statements[2].Error!.ShouldContain("line 3 failed");
        trace.TracedShare.ShouldBe(1.0 / 3, 0.001);
        trace.Summary.ShouldContain("traced 1 of 3 new statements (33%)");
    }

    [PostgresFact]
    public void In_a_begin_commit_file_the_lock_is_held_until_commit_and_later_statements_run_under_it()
    {
        var sql = """
            BEGIN;
            SET lock_timeout = '3s';
            ALTER TABLE orders ADD CONSTRAINT orders_user_positive CHECK (user_id > 0);
            SELECT pg_sleep(0.3);
            COMMIT;
            """;

        var trace = Trace(sql);

        var check = trace.Statements.Single(s => s.Line == 3);
        check.Strongest.ShouldBe(new ObjectLock("public.orders", "table", PostgresLockMode.AccessExclusive));
        check.LockTimeout.ShouldBe("3s");
        check.StrongestLockHeld.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.FromMilliseconds(290));
        check.Static.Agreement.ShouldBe(Agreement.Confirmed);
        trace.Statements.Single(s => s.Line == 4).WhileAccessExclusive.ShouldBe(("public.orders", 3));
        trace.Statements.Single(s => s.Line == 1).LockTimeout.ShouldBe("0");
    }

    [PostgresFact]
    public void Concurrently_inside_the_files_own_transaction_fails_as_it_would_in_production()
    {
        var trace = Trace("BEGIN;\nCREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);\nCOMMIT;\n");

        var s = trace.Statements[1];
        s.Outcome.ShouldBe(TraceOutcome.Failed);
        s.Error.ShouldStartWith("25001:");
        s.Static.Classes.ShouldContain(StatementClass.ConcurrentInTransaction);
        trace.Statements[2].Outcome.ShouldBe(TraceOutcome.NotRun);
    }

    [PostgresFact]
    public void A_tool_that_wraps_each_file_in_a_transaction_makes_concurrently_fail_there_too()
    {
        var trace = Trace("CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);\nSELECT 1;", options: new TraceOptions(AssumeInTransaction: true));

        trace.Statements[0].Outcome.ShouldBe(TraceOutcome.Failed);
        trace.Statements[0].Error.ShouldStartWith("25001:");
    }

    [PostgresFact]
    public void Migrations_cannot_run_programs_write_server_files_or_change_the_server_configuration()
    {
        var marker = Path.Combine(Path.GetTempPath(), "pipeline-guard-hostile-" + Guid.NewGuid().ToString("N"));
        var sql = $"""
            COPY (SELECT 1) TO PROGRAM 'touch {marker}';
            """;
        var statements = new[]
        {
            sql,
            $"COPY users TO '{marker}';",
            $"SELECT lo_export(lo_from_bytea(0, 'x'), '{marker}');",
            "ALTER SYSTEM SET fsync = on;",
            "CREATE EXTENSION IF NOT EXISTS adminpack;",
            "SET ROLE postgres;",
            "ALTER ROLE CURRENT_USER SUPERUSER;",
            "SELECT pg_read_file('/etc/passwd');",
        };

        foreach (var statement in statements)
        {
            var s = Only(Trace(statement));
            s.Outcome.ShouldBe(TraceOutcome.Failed, $"{statement} ran");
        }
        File.Exists(marker).ShouldBeFalse();
    }

    [PostgresFact]
    public void A_given_server_gets_a_database_of_its_own_that_is_dropped_and_its_own_databases_are_untouched()
    {
        using (var source = shared.Server.DataSource())
        {
            using var c = source.CreateCommand("CREATE TABLE IF NOT EXISTS keep_me (id int); TRUNCATE keep_me; INSERT INTO keep_me VALUES (1)");
            c.ExecuteNonQuery();
        }

        var trace = Trace("DROP TABLE IF EXISTS keep_me; CREATE TABLE keep_me (x int);", applied: null);

        trace.Statements.ShouldAllBe(s => s.Outcome == TraceOutcome.Traced);
        using var after = shared.Server.DataSource();
        using var rows = after.CreateCommand("SELECT count(*) FROM keep_me");
        ((long)rows.ExecuteScalar()!).ShouldBe(1);
        using var leftovers = after.CreateCommand(
            "SELECT (SELECT count(*) FROM pg_database WHERE datname LIKE 'pipeline_guard_trace_%') + (SELECT count(*) FROM pg_roles WHERE rolname LIKE 'pipeline_guard_migrator_%')");
        ((long)leftovers.ExecuteScalar()!).ShouldBe(0);
    }

    [PostgresFact]
    public void Trace_findings_reach_the_engine_at_the_statements_file_and_line()
    {
        var trace = Trace("SELECT 1;\nCREATE INDEX orders_created_idx ON orders (created_at);\nALTER TABLE users ADD COLUMN b intt;\n");
        var files = new[] { SqlTestSupport.Migration("db/V2__change.sql", "", MigrationGitStatus.Added) };
        var facts = new EvaluationFacts { Now = SqlTestSupport.Now }.With(new MigrationSet(files, [])).With(trace);

        var evaluation = PolicyEvaluator.Evaluate(SqlTestSupport.Policy("""
              - id: traced-locks
                severity: high
                enforcement: block
                trace:
                  forbid_locks: [share, access-exclusive]
                  require_lock_timeout: true
            """), facts);

        evaluation.Decision.ShouldBe(Decision.Block);
        var lines = evaluation.Findings.Select(f => (f.Target.File, f.Target.Line, f.Message)).ToList();
        lines.ShouldContain(x => x.Line == 2 && x.Message.Contains("takes SHARE on public.orders"));
        lines.ShouldContain(x => x.Line == 2 && x.Message.Contains("lock_timeout 0"));
        lines.ShouldContain(x => x.Line == 3 && x.Message.Contains("failed on") && x.Message.Contains("42704"));
        evaluation.Findings.ShouldAllBe(f => f.Target.File == "db/V2__change.sql");
    }

    [Fact]
    public void A_trace_rule_without_a_trace_is_a_finding_not_a_pass()
    {
        var files = new[] { SqlTestSupport.Migration("db/V2__change.sql", "SELECT 1;", MigrationGitStatus.Added) };
        var facts = new EvaluationFacts { Now = SqlTestSupport.Now }.With(new MigrationSet(files, []));

        var evaluation = PolicyEvaluator.Evaluate(SqlTestSupport.Policy("""
              - id: traced
                severity: high
                enforcement: block
                trace:
                  require_trace: true
            """), facts);

        evaluation.Decision.ShouldBe(Decision.Block);
        evaluation.Findings.ShouldHaveSingleItem().Message.ShouldContain("not traced");
    }

    [Fact]
    public void An_unknown_lock_mode_in_a_trace_rule_is_a_policy_error_naming_the_modes()
    {
        var errors = Build.PolicyErrors("version: 1\nrules:\n  - id: t\n    severity: high\n    enforcement: block\n    trace:\n      forbid_locks: [exclusive-ish]\n");

        errors.ShouldHaveSingleItem().Message.ShouldContain("unknown lock mode 'exclusive-ish'");
        errors[0].Message.ShouldContain("access-exclusive");
    }
}
