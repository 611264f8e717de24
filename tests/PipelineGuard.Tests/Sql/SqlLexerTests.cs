using PipelineGuard.Sql;
using static PipelineGuard.Tests.Sql.SqlTestSupport;

namespace PipelineGuard.Tests.Sql;

public sealed class SqlLexerTests
{
    private static List<string> Statements(string sql, SqlDialect dialect)
    {
        var tokens = SqlLexer.Tokenize(sql, SqlLexerOptions.For(dialect));
        return [.. SqlStatementSplitter.Split(tokens, dialect).Select(s => s.Text(sql))];
    }

    [Fact]
    public void PostgreSQL_block_comments_nest_so_a_statement_inside_them_is_not_code()
    {
        var sql = "/* outer /* inner */ DROP TABLE users; */\nSELECT 1;";
        Statements(sql, SqlDialect.Postgres).ShouldBe(["SELECT 1;"]);
        Classes(sql).ShouldBeEmpty();
    }

    [Fact]
    public void MySQL_block_comments_do_not_nest()
    {
        Statements("/* a /* b */ SELECT 1;", SqlDialect.MySql).ShouldBe(["SELECT 1;"]);
    }

    [Fact]
    public void A_MySQL_versioned_comment_is_code()
    {
        Classes("/*!40101 DROP TABLE users */;", SqlDialect.MySql).ShouldBe([StatementClass.DropTable]);
        Classes("/* DROP TABLE users */ SELECT 1;", SqlDialect.MySql).ShouldBeEmpty();
    }

    [Fact]
    public void A_hash_starts_a_comment_in_MySQL_but_is_an_operator_in_PostgreSQL()
    {
        Statements("# DROP TABLE a;\nSELECT 1;", SqlDialect.MySql).ShouldBe(["SELECT 1;"]);
        Statements("SELECT '{a}'::jsonb #> '{a}';", SqlDialect.Postgres).Count.ShouldBe(1);
    }

    [Fact]
    public void Doubled_quotes_and_semicolons_inside_strings_do_not_end_a_statement()
    {
        Statements("INSERT INTO t VALUES ('it''s; fine'); SELECT 2;", SqlDialect.Postgres)
            .ShouldBe(["INSERT INTO t VALUES ('it''s; fine');", "SELECT 2;"]);
    }

    [Fact]
    public void Backslash_escapes_apply_to_MySQL_strings_and_PostgreSQL_E_strings_only()
    {
        Statements(@"SELECT 'a\'; b'; SELECT 2;", SqlDialect.MySql).ShouldBe([@"SELECT 'a\'; b';", "SELECT 2;"]);
        Statements(@"SELECT E'a\'; b'; SELECT 2;", SqlDialect.Postgres).ShouldBe([@"SELECT E'a\'; b';", "SELECT 2;"]);
        Statements(@"SELECT 'a\'; SELECT 2;", SqlDialect.Postgres).ShouldBe([@"SELECT 'a\';", "SELECT 2;"]);
    }

    [Fact]
    public void Code_inside_a_dollar_quoted_function_body_is_never_classified()
    {
        var sql = "CREATE FUNCTION purge() RETURNS void AS $body$\nBEGIN\n  DELETE FROM users;\n  DROP TABLE audit;\nEND;\n$body$ LANGUAGE plpgsql;";
        Statements(sql, SqlDialect.Postgres).Count.ShouldBe(1);
        Classes(sql).ShouldBeEmpty();
    }

    [Fact]
    public void A_BEGIN_ATOMIC_body_stays_one_statement_and_is_not_classified()
    {
        var sql = "CREATE FUNCTION f() RETURNS void LANGUAGE SQL\nBEGIN ATOMIC\n  DELETE FROM users;\n  UPDATE t SET a = 1;\nEND;\nSELECT 1;";
        Statements(sql, SqlDialect.Postgres).Count.ShouldBe(2);
        Classes(sql).ShouldBeEmpty();
    }

    [Fact]
    public void A_MySQL_procedure_between_DELIMITER_commands_is_one_statement_and_its_body_is_not_classified()
    {
        var sql = "DELIMITER //\nCREATE PROCEDURE p()\nBEGIN\n  DELETE FROM users;\nEND//\nDELIMITER ;\nDROP TABLE t;";
        Statements(sql, SqlDialect.MySql).Count.ShouldBe(2);
        Classes(sql, SqlDialect.MySql).ShouldBe([StatementClass.DropTable]);
    }

    [Fact]
    public void Quoted_identifiers_of_each_dialect_hold_terminators_and_keywords()
    {
        Statements("SELECT \"a;b\" FROM t; SELECT 2;", SqlDialect.Postgres).Count.ShouldBe(2);
        Statements("SELECT `a;b` FROM t; SELECT 2;", SqlDialect.MySql).Count.ShouldBe(2);
        Statements("SELECT [a;b] FROM t; SELECT 2;", SqlDialect.SqlServer).Count.ShouldBe(2);
        Classes("ALTER TABLE [dbo].[Users] DROP COLUMN [Email];", SqlDialect.SqlServer).ShouldBe([StatementClass.DropColumn]);
    }

    [Fact]
    public void A_T_SQL_GO_line_separates_batches_but_GOTO_and_GO_inside_a_line_do_not()
    {
        Statements("SELECT 1\nGO\nSELECT 2 GO\nGOTO x\ngo 5\nSELECT 3", SqlDialect.SqlServer)
            .ShouldBe(["SELECT 1", "SELECT 2 GO\nGOTO x", "SELECT 3"]);
    }

    [Fact]
    public void T_SQL_statements_without_terminators_are_split_at_statement_keywords_starting_a_line()
    {
        var sql = "ALTER TABLE dbo.Users ADD Age int NULL\nUPDATE dbo.Users\nSET Age = 0\nDROP TABLE dbo.Old\nGO";
        Classes(sql, SqlDialect.SqlServer).ShouldBe([StatementClass.UpdateWithoutWhere, StatementClass.DropTable]);
    }

    [Fact]
    public void A_T_SQL_procedure_body_is_not_classified()
    {
        var sql = "CREATE PROCEDURE dbo.Purge AS\nBEGIN\n  DELETE FROM dbo.Users\n  DROP TABLE dbo.Audit\nEND\nGO\nSELECT 1";
        Classes(sql, SqlDialect.SqlServer).ShouldBeEmpty();
    }

    [Fact]
    public void Every_statement_keeps_the_line_and_column_where_it_starts()
    {
        var sql = "-- header\n\n  /* c */ DROP TABLE a;\n\tSELECT 1; DELETE FROM b;";
        var statements = MigrationAnalyser.Analyse(sql, new SqlAnalysisSettings(SqlDialect.Postgres)).Statements;
        statements.Select(s => (s.Line, s.Column)).ShouldBe([(3, 11), (4, 2), (4, 12)]);
    }

    [Theory]
    [InlineData("SELECT 'abc", 1, 8, "unterminated string")]
    [InlineData("SELECT 1;\n/* never closed", 2, 1, "unterminated block comment")]
    [InlineData("SELECT 1;\nSELECT $x$ body", 2, 8, "unterminated dollar-quoted string")]
    [InlineData("SELECT \"abc", 1, 8, "unterminated quoted identifier")]
    public void An_unterminated_string_comment_or_identifier_is_an_error_naming_its_line_and_column(string sql, int line, int column, string problem)
    {
        var error = Should.Throw<SqlSyntaxException>(() => SqlLexer.Tokenize(sql, SqlLexerOptions.For(SqlDialect.Postgres)));
        (error.Line, error.Column).ShouldBe((line, column));
        error.Problem.ShouldContain(problem);
    }
}
