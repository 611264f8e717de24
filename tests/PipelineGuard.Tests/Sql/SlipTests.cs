using PipelineGuard.Sql;
using PipelineGuard.Tests.PolicyAsCode;
using static PipelineGuard.Tests.Sql.SqlTestSupport;

namespace PipelineGuard.Tests.Sql;

/// <summary>Ways a pull request could slip a data-destroying statement past the SQL analyser (issue 13), each closed.</summary>
public sealed class SlipTests
{
    [Fact]
    public void A_column_named_begin_does_not_swallow_the_DROP_that_follows() =>
        Classes("CREATE TABLE event (id bigint, begin int); DROP TABLE users;").ShouldBe([StatementClass.DropTable]);

    [Fact]
    public void A_table_named_event_or_trigger_does_not_open_a_routine_body()
    {
        Classes("CREATE TABLE trigger (id int, begin int);\nDROP TABLE users;").ShouldBe([StatementClass.DropTable]);
        Classes("CREATE TABLE event (id int, begin int);\nDROP TABLE users;", SqlDialect.MySql).ShouldBe([StatementClass.DropTable]);
    }

    [Fact]
    public void Creating_a_table_in_another_schema_does_not_make_dropping_public_users_harmless() =>
        Classes("CREATE TABLE scratch.users (id int);\nDROP TABLE public.users;").ShouldBe([StatementClass.DropTable]);

    [Fact]
    public void Creating_quoted_Users_does_not_make_dropping_users_harmless_in_PostgreSQL()
    {
        Classes("CREATE TABLE \"Users\" (id int);\nDROP TABLE users;").ShouldBe([StatementClass.DropTable]);
        Classes("CREATE TABLE Users (id int);\nDROP TABLE users;").ShouldBeEmpty();
        Classes("CREATE TABLE \"users\" (id int);\nDROP TABLE public.users;").ShouldBeEmpty();
    }

    [Fact]
    public void CREATE_TABLE_IF_NOT_EXISTS_never_proves_the_table_was_created_here()
    {
        Classes("CREATE TABLE IF NOT EXISTS users (id int);\nDROP TABLE users;").ShouldBe([StatementClass.DropTable]);
        Classes("CREATE TABLE IF NOT EXISTS users (id int);\nTRUNCATE users;").ShouldBe([StatementClass.Truncate]);
    }

    [Fact]
    public void SET_search_path_moves_unqualified_names_to_that_schema() =>
        Classes("CREATE TABLE users (id int);\nSET search_path TO archive;\nDROP TABLE users;").ShouldBe([StatementClass.DropTable]);

    [Fact]
    public void A_DO_block_that_drops_a_table_is_data_loss() =>
        Classes("DO $$ BEGIN IF EXISTS (SELECT 1) THEN DROP TABLE users; END IF; END $$;").ShouldBe([StatementClass.DropTable]);

    [Fact]
    public void A_DO_block_that_executes_computed_SQL_is_dynamic_sql_and_constant_SQL_is_read()
    {
        Classes("DO $$ BEGIN EXECUTE 'DROP TABLE ' || quote_ident('users'); END $$;").ShouldBe([StatementClass.DynamicSql]);
        Classes("DO $$ DECLARE n int; BEGIN EXECUTE 'TRUNCATE ' || 'users'; END $$;").ShouldBe([StatementClass.Truncate]);
    }

    [Fact]
    public void PREPARE_then_EXECUTE_runs_the_prepared_DELETE()
    {
        Classes("PREPARE wipe AS DELETE FROM sessions;\nEXECUTE wipe;").ShouldBe([StatementClass.DeleteWithoutWhere]);
        Classes("EXECUTE wipe;").ShouldBe([StatementClass.DynamicSql]);
    }

    [Fact]
    public void CALL_of_a_procedure_created_in_the_same_file_runs_its_body()
    {
        Classes("CREATE PROCEDURE wipe() LANGUAGE sql AS $$ DELETE FROM sessions $$;\nCALL wipe();").ShouldBe([StatementClass.DeleteWithoutWhere]);
        Classes("CREATE PROCEDURE wipe() LANGUAGE plpgsql AS $$ BEGIN TRUNCATE audit; END $$;\nCALL wipe();").ShouldBe([StatementClass.Truncate]);
        Classes("CREATE PROCEDURE wipe() LANGUAGE sql AS $$ DELETE FROM sessions $$;").ShouldBeEmpty();
    }

    [Fact]
    public void EXPLAIN_ANALYZE_runs_the_DELETE_it_explains()
    {
        Classes("EXPLAIN ANALYZE DELETE FROM sessions;").ShouldBe([StatementClass.DeleteWithoutWhere]);
        Classes("EXPLAIN (ANALYZE, BUFFERS) UPDATE accounts SET balance = 0;").ShouldBe([StatementClass.UpdateWithoutWhere]);
        Classes("EXPLAIN DELETE FROM sessions;").ShouldBeEmpty();
    }

    [Fact]
    public void MERGE_with_THEN_DELETE_is_data_loss() =>
        Classes("MERGE INTO accounts a USING closures c ON a.id = c.id WHEN MATCHED THEN DELETE;").ShouldBe([StatementClass.MergeDelete]);

    [Fact]
    public void DROP_OWNED_and_DROP_TYPE_or_EXTENSION_CASCADE_drop_dependants()
    {
        Classes("DROP OWNED BY app_user;").ShouldBe([StatementClass.DropCascade]);
        Classes("DROP TYPE order_status CASCADE;").ShouldBe([StatementClass.DropCascade]);
        Classes("DROP EXTENSION postgis CASCADE;").ShouldBe([StatementClass.DropCascade]);
        Classes("DROP TYPE order_status;").ShouldBeEmpty();
    }

    [Fact]
    public void A_MariaDB_executable_comment_is_code() =>
        Classes("/*M!100000 DROP TABLE users */;", SqlDialect.MySql).ShouldBe([StatementClass.DropTable]);

    [Fact]
    public void MySQL_PREPARE_FROM_a_constant_or_a_variable_holding_one_is_read()
    {
        Classes("PREPARE s FROM 'DROP TABLE users';\nEXECUTE s;", SqlDialect.MySql).ShouldBe([StatementClass.DropTable]);
        Classes("SET @q = 'TRUNCATE users';\nPREPARE s FROM @q;\nEXECUTE s;", SqlDialect.MySql).ShouldBe([StatementClass.Truncate]);
        Classes("SET @q = CONCAT('DROP TABLE ', @t);\nPREPARE s FROM @q;\nEXECUTE s;", SqlDialect.MySql).ShouldBe([StatementClass.DynamicSql]);
    }

    [Fact]
    public void TSQL_IF_OBJECT_ID_on_the_same_line_as_DROP_TABLE_is_data_loss() =>
        Classes("IF OBJECT_ID('dbo.Users', 'U') IS NOT NULL DROP TABLE dbo.Users;", SqlDialect.SqlServer).ShouldBe([StatementClass.DropTable]);

    [Fact]
    public void TSQL_EXEC_of_constant_text_and_sp_executesql_are_read_and_computed_text_is_dynamic_sql()
    {
        Classes("EXEC('DROP TABLE dbo.Users');", SqlDialect.SqlServer).ShouldBe([StatementClass.DropTable]);
        Classes("EXEC sp_executesql N'TRUNCATE TABLE dbo.Audit';", SqlDialect.SqlServer).ShouldBe([StatementClass.Truncate]);
        Classes("DECLARE @s nvarchar(max) = N'DELETE FROM dbo.Sessions';\nEXEC(@s);", SqlDialect.SqlServer).ShouldBe([StatementClass.DeleteWithoutWhere]);
        Classes("EXEC(@sql);", SqlDialect.SqlServer).ShouldBe([StatementClass.DynamicSql]);
    }

    [Fact]
    public void A_statement_the_analyser_does_not_know_is_unclassified_never_a_silent_pass()
    {
        Classes("ALTER TEXT SEARCH CONFIGURATION english ALTER MAPPING FOR word WITH simple;").ShouldBe([StatementClass.UnclassifiedStatement]);
        Classes("\\connect other_db").ShouldBe([StatementClass.UnclassifiedStatement]);
        Classes("CALL maintenance.purge();").ShouldBe([StatementClass.UnclassifiedStatement]);
    }

    [Fact]
    public void A_hash_named_table_is_a_temp_table_only_in_TSQL()
    {
        Classes("DROP TABLE \"#users\";").ShouldBe([StatementClass.DropTable]);
        Classes("DROP TABLE #users;", SqlDialect.SqlServer).ShouldBeEmpty();
    }

    [Fact]
    public void An_inline_allow_waives_only_the_next_statement_not_every_statement_on_the_next_line()
    {
        var analysis = MigrationAnalyser.Analyse("-- pipeline-guard: allow drop-table -- obsolete\nDROP TABLE a; DROP TABLE b;", new SqlAnalysisSettings(SqlDialect.Postgres));
        analysis.Statements[0].Allows.ShouldNotBeEmpty();
        analysis.Statements[1].Allows.ShouldBeEmpty();
    }

    [Fact]
    public void An_inline_allow_trailing_a_statement_waives_that_statement_only()
    {
        var analysis = MigrationAnalyser.Analyse("DROP TABLE a; -- pipeline-guard: allow drop-table -- obsolete\nDROP TABLE b;", new SqlAnalysisSettings(SqlDialect.Postgres));
        analysis.Statements[0].Allows.ShouldNotBeEmpty();
        analysis.Statements[1].Allows.ShouldBeEmpty();
    }

    [Fact]
    public void Upper_case_SQL_files_and_golang_migrate_up_files_of_any_extension_are_collected()
    {
        using var dir = new TempFolder();
        File.WriteAllText(Path.Combine(dir.Path, "1_init.up.SQL"), "DROP TABLE users;\n");
        File.WriteAllText(Path.Combine(dir.Path, "2_more.up.txt"), "TRUNCATE orders;\n");
        File.WriteAllText(Path.Combine(dir.Path, "V3__x.SQL"), "SELECT 1;\n");
        File.WriteAllText(Path.Combine(dir.Path, "README.md"), "notes\n");
        var (set, _) = MigrationCollector.Collect([dir.Path], null, dir.Path);
        set.Files.Select(f => f.Path).Order(StringComparer.Ordinal).ShouldBe(["1_init.up.SQL", "2_more.up.txt", "V3__x.SQL"]);
    }

    [Fact]
    public void A_folder_whose_files_match_no_migration_tool_is_an_error_not_zero_migrations()
    {
        using var dir = new TempFolder();
        File.WriteAllText(Path.Combine(dir.Path, "001-init.psql"), "DROP TABLE users;\n");
        var e = Should.Throw<InputException>(() => MigrationCollector.Collect([dir.Path], null, dir.Path));
        e.Message.ShouldContain("none a migration tool would run");
    }
}
