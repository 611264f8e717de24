using System.Text;
using PipelineGuard.Sql;
using PipelineGuard.Tests.Support;
using static PipelineGuard.Tests.Sql.SqlTestSupport;

namespace PipelineGuard.Tests.Sql;

public sealed class MigrationCollectorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg-sql-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void The_naming_conventions_of_migration_tools_are_recognised()
    {
        var root = RepoPaths.InCorpus("migrations", "atlas-formats");
        var (set, inputs) = MigrationCollector.Collect([root], null, root);
        var byName = set.Files.Where(f => f.Format == "flyway").ToDictionary(f => Path.GetFileName(f.Path));
        (byName["V1__initial.sql"].Format, byName["V1__initial.sql"].Direction, byName["V1__initial.sql"].Version).ShouldBe(("flyway", MigrationDirection.Forward, "1"));
        byName["V3_1__fourth_migration.sql"].Version.ShouldBe("3.1");
        byName["U1__initial.sql"].Direction.ShouldBe(MigrationDirection.Rollback);
        byName["R__views.sql"].Direction.ShouldBe(MigrationDirection.Repeatable);
        set.Files.Where(f => f.Path.Contains("golang-migrate", StringComparison.Ordinal)).Select(f => (Path.GetFileName(f.Path), f.Direction, f.Version))
            .ShouldBe([("1_initial.down.sql", MigrationDirection.Rollback, "1"), ("1_initial.up.sql", MigrationDirection.Forward, "1"),
                       ("2_second_migration.down.sql", MigrationDirection.Rollback, "2"), ("2_second_migration.up.sql", MigrationDirection.Forward, "2")]);
        set.Files.Where(f => f.Path.Contains("/dbmate/", StringComparison.Ordinal)).ShouldAllBe(f => f.Format == "dbmate");
        set.Files.Where(f => f.Path.Contains("/goose/", StringComparison.Ordinal)).ShouldAllBe(f => f.Format == "goose");
        set.Files.Where(f => f.Path.Contains("/liquibase/", StringComparison.Ordinal)).ShouldAllBe(f => f.Format == "liquibase");
        inputs.Count.ShouldBe(set.Files.Count);
        set.Issues.ShouldBeEmpty();
    }

    [Fact]
    public void The_down_sections_of_dbmate_and_goose_files_are_rollbacks()
    {
        var root = RepoPaths.InCorpus("migrations", "atlas-formats", "sql", "sqltool", "testdata");
        var (set, _) = MigrationCollector.Collect([Path.Combine(root, "dbmate"), Path.Combine(root, "goose")], null, root);
        var rule = "  - id: r\n    severity: high\n    enforcement: block\n    sql:\n      forbid: [drop-table, add-not-null-column]\n";
        var findings = Evaluate(rule, new EvaluationFacts { Now = Now }.With(set)).Findings;
        // goose's second migration adds a NOT NULL column to the table its first one created; every DROP TABLE is in a down section.
        findings.Select(f => (f.Target.File, f.Message.Contains("[add-not-null-column]", StringComparison.Ordinal)))
            .ShouldBe([("goose/2_second_migration.sql", true)]);
        var analysis = set.Analyse(0, new SqlAnalysisSettings(SqlDialect.Postgres));
        analysis.Statements.Select(s => (s.Excerpt.Split(' ')[0], s.Section))
            .ShouldBe([("CREATE", MigrationSection.Up), ("ALTER", MigrationSection.Up), ("INSERT", MigrationSection.Up), ("DROP", MigrationSection.Down)]);
    }

    [Fact]
    public void Invalid_UTF8_is_an_input_error_naming_the_file_and_line()
    {
        Write("V1__bad.sql", [.. "SELECT 1;\nSELECT '"u8, 0xC3, 0x28, .. "';\n"u8]);
        var error = Should.Throw<InputException>(() => MigrationCollector.Collect(["."], null, _dir));
        (error.File, error.Line).ShouldBe(("V1__bad.sql", 2));
        error.Problem.ShouldContain("not valid UTF-8");
    }

    [Fact]
    public void A_binary_file_named_sql_is_an_input_error()
    {
        Write("V1__dump.sql", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00]);
        var error = Should.Throw<InputException>(() => MigrationCollector.Collect(["."], null, _dir));
        error.File.ShouldBe("V1__dump.sql");
        error.Problem.ShouldContain("binary file");
    }

    [Fact]
    public void UTF16_with_a_byte_order_mark_is_read_as_text()
    {
        Write("V1__utf16.sql", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("DROP TABLE users;")]);
        var (set, _) = MigrationCollector.Collect(["."], null, _dir);
        set.Files.ShouldHaveSingleItem().Content.ShouldBe("DROP TABLE users;");
    }

    [Fact]
    public void An_empty_file_is_read_and_reported_by_the_migration_set_rule()
    {
        Write("V1__empty.sql", []);
        var (set, _) = MigrationCollector.Collect(["."], null, _dir);
        var rule = "  - id: set\n    severity: medium\n    enforcement: warn\n    sql:\n      migration_set: true\n";
        var finding = Evaluate(rule, new EvaluationFacts { Now = Now }.With(set)).Findings.ShouldHaveSingleItem();
        (finding.Target.File, finding.Target.Line).ShouldBe(("V1__empty.sql", 1));
        finding.Message.ShouldContain("contains no SQL statement");
    }

    [Fact]
    public void A_missing_migration_path_is_an_input_error()
    {
        Should.Throw<InputException>(() => MigrationCollector.Collect(["nope"], null, _dir)).Problem.ShouldContain("no such migration");
    }

    [Fact]
    public void A_file_that_cannot_be_lexed_is_an_input_error_from_the_collector_and_evaluation_judges_prepared_facts_only()
    {
        Write("V1__ok.sql", Encoding.UTF8.GetBytes("CREATE TABLE t (id int);\n"));
        Write("V2__broken.sql", Encoding.UTF8.GetBytes("INSERT INTO t VALUES ('never closed);\n"));
        var policy = SqlTestSupport.Policy("""
              - id: no-drops
                severity: high
                sql: { forbid: [drop-table] }
            """);
        var needs = SqlNeeds.Of(policy.Rules.Select(r => r.Check), keepTexts: false);

        var error = Should.Throw<InputException>(() => MigrationCollector.Collect([_dir], null, _dir, needs));

        error.Message.ShouldContain("V2__broken.sql");
        error.Message.ShouldContain("unterminated string literal");
        // Unprepared, the rule does not lex at evaluation: a missing preparation is a bug, never an input error.
        var (unprepared, _) = MigrationCollector.Collect([_dir], null, _dir);
        Should.Throw<InvalidOperationException>(() => PipelineGuard.Engine.PolicyEvaluator.Evaluate(policy, new EvaluationFacts { Now = Now }.With(unprepared)));
    }

    [Fact]
    public void Without_a_trace_the_collector_drops_the_file_texts_once_analysed()
    {
        Write("V1__drop.sql", Encoding.UTF8.GetBytes("DROP TABLE users;\n"));
        var policy = SqlTestSupport.Policy("""
              - id: no-drops
                severity: high
                sql: { forbid: [drop-table] }
            """);

        var (set, _) = MigrationCollector.Collect([_dir], null, _dir, SqlNeeds.Of(policy.Rules.Select(r => r.Check), keepTexts: false));

        set.Files.ShouldAllBe(f => f.Content.Length == 0);
        PipelineGuard.Engine.PolicyEvaluator.Evaluate(policy, new EvaluationFacts { Now = Now }.With(set)).Findings
            .Single().Message.ShouldContain("\"DROP TABLE users\"");
    }
}
