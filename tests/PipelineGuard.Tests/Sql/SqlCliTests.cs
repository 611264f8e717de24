using PipelineGuard.Cli.Commands;

namespace PipelineGuard.Tests.Sql;

/// <summary>The CLI's SQL paths: explain for statement classes, and the exit code for SQL it cannot read.</summary>
public sealed class SqlCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Code, string Out, string Error) Run(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = PipelineGuard.Cli.Cli.Run(args, new CommandIo(output, error, new Dictionary<string, string?>(), _dir));
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Explain_prints_a_statement_class_with_its_examples()
    {
        var (code, output, _) = Run("explain", "concurrent-in-transaction");
        code.ShouldBe(0);
        output.ShouldContain("concurrent-in-transaction (SQL statement class, transactions)");
        output.ShouldContain("CREATE INDEX CONCURRENTLY orders_created_idx ON orders (created_at);");
    }

    [Fact]
    public void An_unterminated_string_in_a_migration_is_exit_code_2_naming_file_and_line()
    {
        File.WriteAllText(Path.Combine(_dir, "V1__bad.sql"), "ALTER TABLE t ADD COLUMN c int;\nUPDATE t SET c = 'x;\n");
        var (code, _, error) = Run("check", "--migrations", "V1__bad.sql");
        code.ShouldBe(2);
        error.ShouldContain("V1__bad.sql:2:18: unterminated string literal");
    }

    [Fact]
    public void The_default_policy_warns_about_a_blocking_index_and_passes_a_concurrent_one()
    {
        File.WriteAllText(Path.Combine(_dir, "V1__idx.sql"), "SET lock_timeout = '2s';\nCREATE INDEX i ON orders (created_at);\n");
        var (code, output, _) = Run("check", "--migrations", ".");
        code.ShouldBe(0);
        output.ShouldContain("WARN sql-locks-and-rewrites");
        output.ShouldContain("V1__idx.sql:2:1");

        File.WriteAllText(Path.Combine(_dir, "V1__idx.sql"), "SET lock_timeout = '2s';\nCREATE INDEX CONCURRENTLY i ON orders (created_at);\n");
        Run("check", "--migrations", ".").Out.ShouldNotContain("sql-locks-and-rewrites");
    }
}
