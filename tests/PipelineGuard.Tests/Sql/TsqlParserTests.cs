using PipelineGuard.Sql;
using static PipelineGuard.Tests.Sql.SqlTestSupport;

namespace PipelineGuard.Tests.Sql;

/// <summary>T-SQL is read by SQL Server's own parser (ScriptDom): its statement boundaries and kinds, and a finding when it cannot read a file.</summary>
public sealed class TsqlParserTests
{
    private static FileAnalysis Analyse(string sql) => MigrationAnalyser.Analyse(sql, new SqlAnalysisSettings(SqlDialect.SqlServer));

    private static List<string?> Kinds(string sql) => [.. MigrationAnalyser.Outline(sql, SqlDialect.SqlServer).Select(o => o.Kind)];

    [Fact]
    public void Two_statements_on_one_line_without_a_semicolon_are_two_statements_and_the_DROP_is_seen()
    {
        Classes("CREATE TABLE dbo.scratch (id int) DROP TABLE dbo.Users", SqlDialect.SqlServer).ShouldBe([StatementClass.DropTable]);
        Kinds("CREATE TABLE dbo.scratch (id int) DROP TABLE dbo.Users").ShouldBe(["CreateTableStatement", "DropTableStatement"]);
    }

    [Fact]
    public void An_UPDATE_after_a_SELECT_on_the_same_line_is_its_own_statement() =>
        Classes("SELECT 1 UPDATE dbo.Accounts SET balance = 0", SqlDialect.SqlServer).ShouldBe([StatementClass.UpdateWithoutWhere]);

    [Fact]
    public void GO_lines_end_batches_and_each_batch_statement_has_its_parser_kind()
    {
        var sql = "CREATE TABLE dbo.Orders (id int)\nGO\nCREATE PROCEDURE dbo.Purge AS DELETE FROM dbo.Orders\nGO\nEXEC dbo.Purge\nGO\n";
        Kinds(sql).ShouldBe(["CreateTableStatement", "CreateProcedureStatement", "ExecuteStatement"]);
        Analyse(sql).Statements.Count.ShouldBe(3);
    }

    [Fact]
    public void IF_OBJECT_ID_then_DROP_TABLE_is_one_IfStatement_that_drops_the_table()
    {
        Kinds("IF OBJECT_ID('dbo.Users', 'U') IS NOT NULL DROP TABLE dbo.Users").ShouldBe(["IfStatement"]);
        Classes("IF OBJECT_ID('dbo.Users', 'U') IS NOT NULL DROP TABLE dbo.Users", SqlDialect.SqlServer).ShouldBe([StatementClass.DropTable]);
    }

    [Fact]
    public void Every_branch_of_IF_ELSE_BEGIN_END_and_TRY_CATCH_is_judged()
    {
        var sql = """
            IF EXISTS (SELECT 1 FROM sys.tables WHERE name = 'Archive')
            BEGIN
                PRINT 'archiving'
                DELETE FROM dbo.Archive
            END
            ELSE
                BEGIN TRY
                    TRUNCATE TABLE dbo.Audit
                END TRY
                BEGIN CATCH
                    THROW
                END CATCH
            """;
        Classes(sql, SqlDialect.SqlServer).ShouldBe([StatementClass.DeleteWithoutWhere, StatementClass.Truncate]);
        Analyse(sql).Statements.Count.ShouldBe(1);
    }

    [Fact]
    public void A_WHILE_loop_body_is_judged() =>
        Classes("WHILE 1 = 1\nBEGIN\n  DROP TABLE dbo.Users\n  BREAK\nEND", SqlDialect.SqlServer).ShouldBe([StatementClass.DropTable]);

    [Fact]
    public void Constant_EXEC_text_is_parsed_as_T_SQL_and_computed_text_is_dynamic_sql()
    {
        Classes("EXEC('DROP TABLE dbo.Users DELETE FROM dbo.Sessions')", SqlDialect.SqlServer)
            .ShouldBe([StatementClass.DropTable, StatementClass.DeleteWithoutWhere]);
        Classes("DECLARE @t sysname = N'Users'\nEXEC('DROP TABLE dbo.' + @t)", SqlDialect.SqlServer).ShouldBe([StatementClass.DropTable]);
        Classes("DECLARE @t sysname\nSELECT @t = name FROM sys.tables\nEXEC('DROP TABLE dbo.' + @t)", SqlDialect.SqlServer)
            .ShouldBe([StatementClass.DynamicSql]);
    }

    [Fact]
    public void A_variable_filled_by_a_cursor_FETCH_is_not_a_constant()
    {
        var sql = """
            DECLARE @name sysname
            DECLARE c CURSOR FOR SELECT name FROM sys.tables
            OPEN c
            FETCH NEXT FROM c INTO @name
            WHILE @@FETCH_STATUS = 0
            BEGIN
                EXEC('DROP TABLE [' + @name + ']')
                FETCH NEXT FROM c INTO @name
            END
            """;
        Classes(sql, SqlDialect.SqlServer).ShouldBe([StatementClass.DynamicSql]);
    }

    [Fact]
    public void A_file_SQL_Server_cannot_parse_is_an_unclassified_statement_naming_where_and_is_still_read()
    {
        var analysis = Analyse("CREATE TABLE {{schema}}.t (id int);\nDROP TABLE dbo.Users;");
        var findings = analysis.Statements.SelectMany(s => s.Findings).ToList();
        findings.Select(f => f.Class).ShouldBe([StatementClass.UnclassifiedStatement, StatementClass.DropTable], ignoreOrder: true);
        var unparsed = findings.Single(f => f.Class == StatementClass.UnclassifiedStatement).Message;
        unparsed.ShouldContain("SQL Server's parser cannot read this (line 1, column 14");
        unparsed.ShouldContain("PipelineGuard's own reader");
    }

    [Fact]
    public void Constant_EXEC_text_SQL_Server_cannot_parse_is_reported_where_it_is_executed()
    {
        var findings = Analyse("EXEC('DROP TABLE (')").Statements.SelectMany(s => s.Findings).ToList();
        findings.ShouldContain(f => f.Class == StatementClass.UnclassifiedStatement && f.Message.StartsWith("EXEC of constant text: SQL Server's parser cannot read this", StringComparison.Ordinal));
    }

    [Fact]
    public void Bracketed_and_quoted_keywords_as_names_do_not_move_boundaries()
    {
        Classes("CREATE TABLE dbo.[begin] ([end] int, \"go\" int)\nDROP TABLE dbo.Users", SqlDialect.SqlServer).ShouldBe([StatementClass.DropTable]);
        Kinds("CREATE TABLE dbo.[begin] ([end] int, \"go\" int)\nDROP TABLE dbo.Users").ShouldBe(["CreateTableStatement", "DropTableStatement"]);
    }

    [Fact]
    public void Real_SQL_Server_migrations_parse_without_fallback()
    {
        var root = Support.RepoPaths.InCorpus("migrations", "roundhouse");
        var files = Directory.EnumerateFiles(root, "*.sql", SearchOption.AllDirectories)
            .Where(f => f.Contains("SQLServer", StringComparison.Ordinal) && !File.ReadAllText(f).Contains('{', StringComparison.Ordinal))
            .ToList();
        files.Count.ShouldBeGreaterThan(10);
        foreach (var file in files)
        {
            var (_, error) = TsqlScript.Parse(File.ReadAllText(file));
            error.ShouldBeNull(file);
        }
    }
}
