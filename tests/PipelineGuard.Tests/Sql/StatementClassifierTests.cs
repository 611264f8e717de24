using PipelineGuard.Sql;
using static PipelineGuard.Tests.Sql.SqlTestSupport;

namespace PipelineGuard.Tests.Sql;

public sealed class StatementClassifierTests
{
    [Fact]
    public void Dropping_a_column_is_data_loss() =>
        Classes("ALTER TABLE IF EXISTS ONLY public.users DROP COLUMN IF EXISTS email;").ShouldBe([StatementClass.DropColumn]);

    [Fact]
    public void Dropping_a_schema_qualified_table_is_data_loss_but_dropping_one_created_in_the_same_migration_is_not()
    {
        Classes("DROP TABLE IF EXISTS billing.invoices CASCADE;").ShouldBe([StatementClass.DropTable]);
        Classes("CREATE TABLE billing.tmp (id int);\nDROP TABLE billing.tmp;").ShouldBeEmpty();
    }

    [Fact]
    public void A_DELETE_after_a_CTE_without_WHERE_deletes_every_row()
    {
        Classes("WITH old AS (SELECT id FROM t WHERE x) DELETE FROM t;").ShouldBe([StatementClass.DeleteWithoutWhere]);
        Classes("WITH old AS (SELECT id FROM t) DELETE FROM t WHERE id IN (SELECT id FROM old);").ShouldBeEmpty();
    }

    [Fact]
    public void A_data_modifying_CTE_without_WHERE_is_found_inside_the_WITH()
    {
        Classes("WITH gone AS (DELETE FROM sessions RETURNING id) SELECT count(*) FROM gone;").ShouldBe([StatementClass.DeleteWithoutWhere]);
    }

    [Fact]
    public void DELETE_USING_and_UPDATE_FROM_with_a_WHERE_are_scoped()
    {
        Classes("DELETE FROM s USING u WHERE s.uid = u.id;").ShouldBeEmpty();
        Classes("UPDATE a SET x = b.x FROM b WHERE a.id = b.id;").ShouldBeEmpty();
        Classes("UPDATE a SET x = (SELECT max(x) FROM b WHERE b.id = 1);").ShouldBe([StatementClass.UpdateWithoutWhere]);
    }

    [Fact]
    public void Truncate_is_data_loss_even_without_cascade() =>
        Classes("TRUNCATE TABLE ONLY audit, events;").ShouldBe([StatementClass.Truncate]);

    [Fact]
    public void sp_rename_renames_a_table_or_with_COLUMN_a_column()
    {
        Classes("EXEC sp_rename 'dbo.Users', 'Customers';", SqlDialect.SqlServer).ShouldBe([StatementClass.RenameTable]);
        Classes("EXEC sp_rename N'dbo.Users.Name', N'FullName', N'COLUMN';", SqlDialect.SqlServer).ShouldBe([StatementClass.RenameColumn]);
        Classes("EXEC sp_rename N'dbo.Users.IX_a', N'IX_b', N'INDEX';", SqlDialect.SqlServer).ShouldBeEmpty();
    }

    [Fact]
    public void MySQL_CHANGE_with_a_new_name_renames_the_column_and_MODIFY_changes_its_type()
    {
        Classes("ALTER TABLE t CHANGE COLUMN a b int;", SqlDialect.MySql).ShouldBe([StatementClass.RenameColumn]);
        Classes("ALTER TABLE t MODIFY a bigint;", SqlDialect.MySql).ShouldBe([StatementClass.AlterColumnType]);
        Classes("RENAME TABLE a TO b;", SqlDialect.MySql).ShouldBe([StatementClass.RenameTable]);
    }

    [Theory]
    [InlineData("random()")]
    [InlineData("gen_random_uuid()")]
    [InlineData("clock_timestamp()")]
    [InlineData("my_func()")]
    public void Adding_a_column_with_a_volatile_default_rewrites_the_table(string expression) =>
        Classes($"ALTER TABLE t ADD COLUMN c text NOT NULL DEFAULT {expression};").ShouldBe([StatementClass.AddColumnVolatileDefault]);

    [Theory]
    [InlineData("0")]
    [InlineData("'x'")]
    [InlineData("now()")]
    [InlineData("CURRENT_TIMESTAMP")]
    [InlineData("'{}'::jsonb")]
    public void Adding_a_NOT_NULL_column_with_a_constant_or_stable_default_does_not_rewrite_from_PostgreSQL_11(string expression)
    {
        Classes($"ALTER TABLE t ADD COLUMN c text NOT NULL DEFAULT {expression};", pg: 11).ShouldBeEmpty();
        Classes($"ALTER TABLE t ADD COLUMN c text NOT NULL DEFAULT {expression};", pg: 10).ShouldBe([StatementClass.TableRewrite]);
    }

    [Fact]
    public void Adding_a_NOT_NULL_column_without_default_breaks_unless_the_table_is_new()
    {
        Classes("ALTER TABLE t ADD COLUMN c int NOT NULL;").ShouldBe([StatementClass.AddNotNullColumn]);
        Classes("CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN c int NOT NULL;").ShouldBeEmpty();
        Classes("ALTER TABLE dbo.t ADD c int NOT NULL, d int NULL", SqlDialect.SqlServer).ShouldBe([StatementClass.AddNotNullColumn]);
    }

    [Fact]
    public void An_index_on_a_table_created_in_the_same_migration_blocks_nobody()
    {
        Classes("CREATE TABLE t (id int);\nCREATE INDEX t_id ON t (id);").ShouldBeEmpty();
        Classes("CREATE INDEX t_id ON t (id);").ShouldBe([StatementClass.CreateIndexBlocking]);
        Classes("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_id ON ONLY t (id);").ShouldBeEmpty();
    }

    [Fact]
    public void SQL_Server_indexes_built_online_do_not_block()
    {
        Classes("CREATE NONCLUSTERED INDEX IX_a ON dbo.t (a)", SqlDialect.SqlServer).ShouldBe([StatementClass.CreateIndexBlocking]);
        Classes("CREATE INDEX IX_a ON dbo.t (a) WITH (ONLINE = ON)", SqlDialect.SqlServer).ShouldBeEmpty();
    }

    [Fact]
    public void CONCURRENTLY_inside_a_transaction_is_a_transaction_error()
    {
        Classes("BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (a);\nCOMMIT;").ShouldBe([StatementClass.ConcurrentInTransaction]);
        Classes("SELECT 1;\nCREATE INDEX CONCURRENTLY i ON t (a);", assume: true).ShouldBe([StatementClass.ConcurrentInTransaction]);
        Classes("-- squawk-disable-assume-in-transaction\nSELECT 1;\nCREATE INDEX CONCURRENTLY i ON t (a);", assume: true).ShouldBeEmpty();
    }

    [Fact]
    public void NOT_VALID_then_VALIDATE_in_another_transaction_is_safe_but_in_the_same_transaction_it_scans_under_the_lock()
    {
        Classes("ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES o (id) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT fk;").ShouldBeEmpty();
        Classes("BEGIN;\nALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES o (id) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT fk;\nCOMMIT;")
            .ShouldBe([StatementClass.AddConstraintValidating]);
        Classes("ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES o (id);").ShouldBe([StatementClass.AddForeignKeyValidating]);
    }

    [Fact]
    public void SET_NOT_NULL_behind_a_validated_CHECK_scans_nothing_from_PostgreSQL_12()
    {
        const string Sql = "ALTER TABLE t ADD CONSTRAINT c_nn CHECK (c IS NOT NULL) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT c_nn;\nALTER TABLE t ALTER COLUMN c SET NOT NULL;";
        Classes(Sql, pg: 12).ShouldBeEmpty();
        Classes(Sql, pg: 11).ShouldBe([StatementClass.SetNotNull]);
        Classes("ALTER TABLE t ADD CONSTRAINT d_nn CHECK (d IS NOT NULL) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT d_nn;\nALTER TABLE t ALTER COLUMN c SET NOT NULL;", pg: 16)
            .ShouldBe([StatementClass.SetNotNull]);
    }

    [Fact]
    public void A_T_SQL_foreign_key_added_WITH_CHECK_validates_existing_rows_and_WITH_NOCHECK_does_not()
    {
        Classes("ALTER TABLE dbo.t WITH CHECK ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES dbo.o (id)", SqlDialect.SqlServer)
            .ShouldBe([StatementClass.AddForeignKeyValidating]);
        Classes("ALTER TABLE dbo.t WITH NOCHECK ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES dbo.o (id)", SqlDialect.SqlServer).ShouldBeEmpty();
    }

    [Fact]
    public void Adding_a_unique_constraint_builds_an_index_under_lock_unless_it_uses_an_existing_index()
    {
        Classes("ALTER TABLE t ADD CONSTRAINT u UNIQUE (a);").ShouldBe([StatementClass.AddUniqueConstraintBlocking]);
        Classes("ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX t_a_idx;").ShouldBeEmpty();
    }

    [Fact]
    public void Transactions_are_tracked_for_nesting_and_commits()
    {
        Classes("BEGIN;\nBEGIN;\nCOMMIT;").ShouldBe([StatementClass.TransactionNesting]);
        Classes("BEGIN;\nSELECT 1;\nCOMMIT;\nCOMMIT;").ShouldBe([StatementClass.TransactionNesting]);
        Classes("START TRANSACTION;\nCREATE TABLE a (id int);").ShouldBe([StatementClass.UncommittedTransaction]);
        Classes("BEGIN;\nSAVEPOINT s;\nROLLBACK TO SAVEPOINT s;\nCOMMIT;").ShouldBeEmpty();
        Classes("BEGIN TRANSACTION\nBEGIN TRAN\nCOMMIT\nCOMMIT", SqlDialect.SqlServer).ShouldBe([StatementClass.TransactionNesting]);
    }

    [Fact]
    public void A_lock_timeout_set_before_the_first_locking_statement_satisfies_the_requirement()
    {
        var settings = new SqlAnalysisSettings(SqlDialect.Postgres);
        MigrationAnalyser.Analyse("SET lock_timeout = '2s';\nALTER TABLE t ADD COLUMN c int;", settings).MissingLockTimeout.ShouldBeNull();
        MigrationAnalyser.Analyse("SET LOCAL lock_timeout TO '2s';\nALTER TABLE t ADD COLUMN c int;", settings).MissingLockTimeout.ShouldBeNull();
        var late = MigrationAnalyser.Analyse("SELECT 1;\nALTER TABLE t ADD COLUMN c int;\nSET lock_timeout = '2s';", settings).MissingLockTimeout;
        late.ShouldNotBeNull();
        late.Line.ShouldBe(2);
        MigrationAnalyser.Analyse("SET SESSION lock_wait_timeout = 5;\nALTER TABLE t ADD c int;", settings with { Dialect = SqlDialect.MySql }).MissingLockTimeout.ShouldBeNull();
        MigrationAnalyser.Analyse("SET LOCK_TIMEOUT 5000\nALTER TABLE t ADD c int", settings with { Dialect = SqlDialect.SqlServer }).MissingLockTimeout.ShouldBeNull();
    }

    [Fact]
    public void Privileges_and_exfiltration_statements_are_found()
    {
        Classes("GRANT SELECT ON t TO r;\nREVOKE ALL ON t FROM PUBLIC;").ShouldBe([StatementClass.Grant, StatementClass.Revoke]);
        Classes("COPY t FROM PROGRAM 'cat /etc/passwd';").ShouldBe([StatementClass.CopyToProgram]);
        Classes("COPY t TO '/tmp/t.csv';").ShouldBe([StatementClass.CopyToProgram]);
        Classes("COPY t TO STDOUT;").ShouldBeEmpty();
        Classes("SELECT * INTO DUMPFILE '/tmp/x' FROM t;", SqlDialect.MySql).ShouldBe([StatementClass.SelectIntoOutfile]);
        Classes("EXEC xp_cmdshell 'dir'", SqlDialect.SqlServer).ShouldBe([StatementClass.CopyToProgram]);
    }

    [Fact]
    public void Lock_kinds_that_squawk_documents_are_matched_by_our_lock_and_rewrite_classes()
    {
        Classes("REINDEX (CONCURRENTLY false) INDEX idx;").ShouldBe([StatementClass.ReindexBlocking]);
        Classes("REINDEX (CONCURRENTLY) INDEX idx;").ShouldBeEmpty();
        Classes("VACUUM (FULL off) t;").ShouldBeEmpty();
        Classes("VACUUM (FULL true) t;").ShouldBe([StatementClass.TableRewrite]);
        Classes("ALTER TABLE t SET UNLOGGED;").ShouldBe([StatementClass.TableRewrite]);
    }
}
