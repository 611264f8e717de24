using PipelineGuard.Reporting;
using PipelineGuard.Sql;
using PipelineGuard.Tests.PolicyAsCode;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Security;

/// <summary>The console reads as a person would write it: counts, quotes, cuts, dialect, booleans, paths, audit wording.</summary>
public sealed class ConsolePolishTests : IDisposable
{
    private static string Example => RepoPaths.InRepo("examples", "prod-db-delete", "plan.json");
    private readonly TempFolder _dir = new("pg-polish-");

    public void Dispose() => _dir.Dispose();

    private CliRunner.Result Check(Dictionary<string, string?>? env, params string[] args) =>
        CliRunner.InDirectory(_dir.Path, env ?? [], ["check", .. args]);

    [Fact]
    public void A_policy_of_one_rule_says_1_rule_not_1_rules()
    {
        ConsoleReport.Plural(1, "rule").ShouldBe("1 rule");
        ConsoleReport.Plural(2, "rule").ShouldBe("2 rules");
        _dir.Write("policy.yml", "version: 1\nrules:\n  - id: r\n    terraform: { resource_types: [aws_db_instance], actions: [delete] }\n");
        var result = Check(null, "--policy", "policy.yml", "--plan", Example);
        result.Out.ShouldContain("(1 rule)");
        result.Out.ShouldNotContain("1 rules");
    }

    [Fact]
    public void A_statement_is_quoted_without_its_closing_semicolon()
    {
        _dir.Write("migrations/V1__cleanup.sql", "DELETE FROM sessions;\n");
        var result = Check(null, "--migrations", "migrations", "--environment", "production");
        result.ExitCode.ShouldBe(1, result.Error);
        result.Out.ShouldContain("\"DELETE FROM sessions\": deletes every row of sessions");
        result.Out.ShouldNotContain(";:");
    }

    [Fact]
    public void A_long_statement_is_cut_at_a_word_boundary()
    {
        const string sql = "UPDATE accounts SET balance = 0 WHERE id IN (SELECT account_id FROM very_long_named_table_of_closures WHERE closed);";
        var excerpt = new SourceSpan(sql, 0, sql.Length).Excerpt();
        var quoted = SourceSpan.Quote(excerpt);
        quoted.ShouldBe("\"UPDATE accounts SET balance = 0 WHERE id IN (SELECT account_id FROM …\"");
        SourceSpan.Quote("DROP TABLE orders;").ShouldBe("\"DROP TABLE orders\"");
    }

    [Fact]
    public void A_SQL_Server_migration_is_told_only_the_SQL_Server_fix()
    {
        _dir.Write("policy.yml", "version: 1\nrules:\n  - id: online\n    sql: { dialect: sqlserver, forbid: [create-index-blocking] }\n");
        _dir.Write("migrations/V1__idx.sql", "CREATE INDEX orders_created_idx ON orders (created_at);\n");
        var result = Check(null, "--policy", "policy.yml", "--migrations", "migrations");
        result.ExitCode.ShouldBe(1, result.Error);
        result.Out.ShouldContain("WITH (ONLINE = ON)");
        result.Out.ShouldNotContain("CONCURRENTLY");
        StatementClasses.Get(StatementClass.CreateIndexBlocking).SafeAlternativeFor(SqlDialect.Postgres).ShouldNotContain("SQL Server");
    }

    [Fact]
    public void A_boolean_literal_is_shown_bare_not_in_quotes()
    {
        _dir.Write("policy.yml", "version: 1\nrules:\n  - id: protected\n    terraform: { resource_types: [aws_db_instance], attributes: [{ path: deletion_protection, equals: false }] }\n");
        _dir.Write("plan.json", Build.PlanJson(Build.Change("aws_db_instance.main", """["create"]""", null, """{"deletion_protection":false}""")));
        var result = Check(null, "--policy", "policy.yml", "--plan", "plan.json");
        result.ExitCode.ShouldBe(1, result.Error);
        result.Out.ShouldContain("deletion_protection equals false");
        result.Out.ShouldNotContain("\"false\"");
    }

    [Fact]
    public void Paths_are_shown_relative_to_the_workspace_even_when_given_absolute()
    {
        var plan = _dir.Write("infra/plan.json", File.ReadAllText(Example));
        var result = Check(new Dictionary<string, string?> { ["JENKINS_URL"] = "http://jenkins", ["WORKSPACE"] = _dir.Path }, "--plan", plan, "--environment", "production");
        result.ExitCode.ShouldBe(1, result.Error);
        result.Out.ShouldContain("input plan: infra/plan.json");
        result.Out.ShouldContain("in infra/plan.json:");
        result.Out.ShouldNotContain(_dir.Path);
    }

    [Fact]
    public void In_audit_mode_a_finding_that_would_block_is_labelled_would_block()
    {
        var result = Check(null, "--plan", Example, "--environment", "production", "--mode", "audit", "--markdown", "summary.md");
        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("WOULD BLOCK no-destroy-stateful");
        result.Out.Split('\n').ShouldNotContain(l => l.StartsWith("BLOCK ", StringComparison.Ordinal));
        File.ReadAllText(_dir.File("summary.md")).ShouldContain("| **WOULD BLOCK** |");
    }
}
