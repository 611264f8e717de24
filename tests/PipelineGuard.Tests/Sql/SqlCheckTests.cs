using PipelineGuard.Sql;
using static PipelineGuard.Tests.Sql.SqlTestSupport;

namespace PipelineGuard.Tests.Sql;

public sealed class SqlCheckTests
{
    private const string DataLossRule = """
          - id: no-data-loss
            severity: critical
            enforcement: block
            sql:
              forbid: [drop-table, drop-column]
        """;

    [Fact]
    public void A_forbidden_statement_blocks_and_points_at_its_file_line_and_column()
    {
        var evaluation = Evaluate(DataLossRule, Facts(Migration("db/V2__drop.sql", "SELECT 1;\n  DROP TABLE users;")));
        var finding = evaluation.Findings.ShouldHaveSingleItem();
        finding.Outcome.ShouldBe(Outcome.Block);
        (finding.Target.File, finding.Target.Line, finding.Target.Column).ShouldBe(("db/V2__drop.sql", 2, 3));
        finding.Message.ShouldContain("[drop-table]");
        evaluation.ExitCode.ShouldBe(1);
    }

    [Fact]
    public void An_inline_allow_with_a_reason_waives_the_statement_and_reports_the_reason()
    {
        var sql = "-- pipeline-guard: allow drop-table -- replaced by orders_v2 in release 41\nDROP TABLE orders;";
        var finding = Evaluate(DataLossRule, Facts(Migration("db/V3__x.sql", sql))).Findings.ShouldHaveSingleItem();
        finding.Outcome.ShouldBe(Outcome.Waived);
        finding.Waiver.ShouldNotBeNull().Reason.ShouldBe("replaced by orders_v2 in release 41");
        finding.Waiver.Matched.ShouldBe("db/V3__x.sql:1");
    }

    [Fact]
    public void An_inline_allow_without_a_reason_suppresses_nothing_and_is_a_finding_itself()
    {
        var sql = "-- pipeline-guard: allow drop-table\nDROP TABLE orders;";
        var findings = Evaluate(DataLossRule, Facts(Migration("db/V3__x.sql", sql))).Findings;
        findings.Count.ShouldBe(2);
        findings.ShouldAllBe(f => f.Outcome == Outcome.Block);
        findings.ShouldContain(f => f.Message.Contains("gives no reason") && f.Target.Line == 1);
        findings.ShouldContain(f => f.Message.Contains("[drop-table]") && f.Message.Contains("does not apply"));
    }

    [Fact]
    public void An_allow_for_another_class_does_not_waive_the_statement()
    {
        var sql = "-- pipeline-guard: allow truncate -- cleanup\nDROP TABLE orders;";
        Evaluate(DataLossRule, Facts(Migration("db/V3__x.sql", sql))).Findings.ShouldHaveSingleItem().Outcome.ShouldBe(Outcome.Block);
    }

    [Fact]
    public void Down_and_undo_scripts_are_rollbacks_and_not_judged_as_forward_changes()
    {
        var facts = Facts(
            Migration("db/1_init.down.sql", "DROP TABLE users;"),
            Migration("db/U2__undo.sql", "DROP TABLE pets;"),
            Migration("db/20240101_x.sql", "-- migrate:up\nCREATE TABLE a (id int);\n\n-- migrate:down\nDROP TABLE a;\n"));
        Evaluate(DataLossRule, facts).Findings.ShouldBeEmpty();
        Evaluate(DataLossRule.Replace("forbid:", "include_rollbacks: true\n      forbid:", StringComparison.Ordinal), facts).Findings.Count.ShouldBe(2);
    }

    [Fact]
    public void Paths_select_which_migrations_a_rule_judges()
    {
        var rule = DataLossRule.Replace("forbid:", "paths: [\"db/prod/**\"]\n      forbid:", StringComparison.Ordinal);
        var facts = Facts(Migration("db/prod/V1__a.sql", "DROP TABLE a;"), Migration("db/dev/V1__a.sql", "DROP TABLE a;"));
        Evaluate(rule, facts).Findings.ShouldHaveSingleItem().Target.File.ShouldBe("db/prod/V1__a.sql");
    }

    [Fact]
    public void A_required_lock_timeout_is_reported_at_the_first_locking_statement()
    {
        const string Rule = """
              - id: lock-timeout
                severity: medium
                enforcement: warn
                sql:
                  require: [lock-timeout]
            """;
        var findings = Evaluate(Rule, Facts(Migration("a.sql", "SELECT 1;\nALTER TABLE t ADD COLUMN c int;"), Migration("b.sql", "SET lock_timeout = '1s';\nALTER TABLE t ADD COLUMN c int;"))).Findings;
        var finding = findings.ShouldHaveSingleItem();
        (finding.Target.File, finding.Target.Line, finding.Outcome).ShouldBe(("a.sql", 2, Outcome.Warn));
    }

    [Fact]
    public void The_migration_set_rule_reports_duplicate_versions_gaps_and_empty_files()
    {
        const string Rule = """
              - id: set
                severity: medium
                enforcement: warn
                sql:
                  migration_set: true
            """;
        var facts = Facts(
            Migration("db/V1__a.sql", "CREATE TABLE a (id int);"),
            Migration("db/V2__b.sql", "CREATE TABLE b (id int);"),
            Migration("db/V2__c.sql", "CREATE TABLE c (id int);"),
            Migration("db/V3__d.sql", "-- nothing here yet\n"),
            Migration("db/V4__e.sql", "SELECT 1;"),
            Migration("db/V5__f.sql", "SELECT 1;"),
            Migration("db/V7__g.sql", "SELECT 1;"));
        var messages = Evaluate(Rule, facts).Findings.Select(f => f.Message).ToList();
        messages.ShouldContain(m => m.Contains("db/V2__c.sql has version 2, like db/V2__b.sql"));
        messages.ShouldContain(m => m.Contains("versions jump from 5 to 7 (missing 6)"));
        messages.ShouldContain(m => m.Contains("db/V3__d.sql contains no SQL statement"));
        messages.Count.ShouldBe(3);
    }

    [Fact]
    public void The_analysis_of_a_file_is_shared_by_rules_with_the_same_dialect()
    {
        var facts = Facts(Migration("a.sql", "DROP TABLE a;"));
        var settings = new SqlAnalysisSettings(SqlDialect.Postgres);
        facts.Migrations.Analyse(0, settings).ShouldBeSameAs(facts.Migrations.Analyse(0, settings));
        facts.Migrations.Analyse(0, settings with { Dialect = SqlDialect.MySql }).ShouldNotBeSameAs(facts.Migrations.Analyse(0, settings));
    }

    [Fact]
    public void A_file_that_cannot_be_lexed_in_the_rule_dialect_is_an_input_error_naming_file_and_line()
    {
        var error = Should.Throw<InputException>(() => Evaluate(DataLossRule, Facts(Migration("db/V9__bad.sql", "SELECT 1;\nSELECT 'oops;\n"))).Findings.Count);
        (error.File, error.Line, error.Column).ShouldBe(("db/V9__bad.sql", 2, 8));
        error.Problem.ShouldContain("unterminated string");
    }

    [Theory]
    [InlineData("forbid: [drop-tables]", "unknown statement class 'drop-tables'", 8, 16)]
    [InlineData("forbidd: [drop-table]", "unknown key 'forbidd' (did you mean 'forbid'?)", 8, 7)]
    [InlineData("dialect: oracle\n      forbid: [drop-table]", "'dialect' must be one of", 8, 16)]
    [InlineData("dialect: sqlserver\n      require: [statement-timeout]", "'statement-timeout' cannot be required for sqlserver", 9, 17)]
    public void Policy_errors_in_a_sql_rule_name_their_position(string body, string message, int line, int column)
    {
        var yaml = $"""
              - id: r
                severity: low
                enforcement: warn
                sql:
                  {body}
            """;
        var error = Should.Throw<PolicyLoadException>(() => SqlTestSupport.Policy(yaml));
        var match = error.Errors.FirstOrDefault(e => e.Message.Contains(message, StringComparison.Ordinal)).ShouldNotBeNull();
        (match.Position.Line, match.Position.Column).ShouldBe((line, column));
    }
}
